package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Containers must not set runAsUser to 0: runAsNonRoot alone is satisfied by an image's non-root user, but an
 * explicit UID 0 would still run as root.
 *
 * <p><b>Restricted Fields:</b>
 * <ul>
 *   <li>spec.securityContext.runAsUser</li>
 *   <li>spec.{initContainers,containers,ephemeralContainers}[*].securityContext.runAsUser</li>
 * </ul>
 *
 * <p><b>Allowed Values:</b> non-zero values, undefined/null
 *
 * <p>From v1.23; from v1.35 pods in their own user namespace ({@code spec.hostUsers: false}) are allowed.
 */
final class RunAsUserCheck {

    static final String ID = "runAsUser";
    private static final CheckResult ALLOWED = CheckResult.allowed(ID);

    private RunAsUserCheck() {}

    static PodSecurityCheck definition() {
        return PodSecurityCheck.restricted(ID,
                VersionedCheck.of(23, RunAsUserCheck::v1_23),
                VersionedCheck.of(35, RunAsUserCheck::v1_35));
    }

    static CheckResult v1_23(ObjectMeta metadata, PodSpec spec) {
        List<String> setters = null;
        PodSecurityContext podContext = spec.getSecurityContext();
        if (podContext != null && podContext.getRunAsUser() != null && podContext.getRunAsUser() == 0L) {
            setters = new ArrayList<>(2);
            setters.add("pod");
        }
        List<String> bad = null;
        for (int i = 0, n = Containers.count(spec); i < n; i++) {
            SecurityContext sc = Containers.securityContext(spec, i);
            if (sc != null && sc.getRunAsUser() != null && sc.getRunAsUser() == 0L) {
                if (bad == null) {
                    bad = new ArrayList<>();
                }
                bad.add(Containers.name(spec, i));
            }
        }
        if (setters == null && bad == null) {
            return ALLOWED;
        }
        if (bad != null) {
            if (setters == null) {
                setters = new ArrayList<>(1);
            }
            setters.add(Messages.containers(bad));
        }
        return CheckResult.forbidden(ID, "runAsUser=0", Messages.join(setters, " and ") + " must not set runAsUser=0");
    }

    static CheckResult v1_35(ObjectMeta metadata, PodSpec spec) {
        if (PodFields.inUserNamespace(spec)) {
            return ALLOWED;
        }
        return v1_23(metadata, spec);
    }
}
