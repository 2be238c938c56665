package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Containers must be required to run as non-root users.
 *
 * <p><b>Restricted Fields:</b>
 * <ul>
 *   <li>spec.securityContext.runAsNonRoot</li>
 *   <li>spec.{initContainers,containers,ephemeralContainers}[*].securityContext.runAsNonRoot</li>
 * </ul>
 *
 * <p><b>Allowed Values:</b> true; undefined/null at container level if the pod level is true. An explicit false
 * anywhere is reported before missing values.
 *
 * <p>From v1.35 pods in their own user namespace ({@code spec.hostUsers: false}) are allowed: root there maps to
 * an unprivileged user on the node.
 */
final class RunAsNonRootCheck {

    static final String ID = "runAsNonRoot";
    private static final CheckResult ALLOWED = CheckResult.allowed(ID);
    private static final String REASON = "runAsNonRoot != true";

    private RunAsNonRootCheck() {}

    static PodSecurityCheck definition() {
        return PodSecurityCheck.restricted(ID,
                VersionedCheck.of(0, RunAsNonRootCheck::v1_0),
                VersionedCheck.of(35, RunAsNonRootCheck::v1_35));
    }

    static CheckResult v1_0(ObjectMeta metadata, PodSpec spec) {
        List<String> setters = null;
        boolean podNonRoot = false;
        PodSecurityContext podContext = spec.getSecurityContext();
        if (podContext != null && podContext.getRunAsNonRoot() != null) {
            if (podContext.getRunAsNonRoot()) {
                podNonRoot = true;
            } else {
                setters = new ArrayList<>(2);
                setters.add("pod");
            }
        }
        List<String> explicitlyBad = null;
        List<String> implicitlyBad = null;
        for (int i = 0, n = Containers.count(spec); i < n; i++) {
            SecurityContext sc = Containers.securityContext(spec, i);
            if (sc != null && sc.getRunAsNonRoot() != null) {
                if (!sc.getRunAsNonRoot()) {
                    if (explicitlyBad == null) {
                        explicitlyBad = new ArrayList<>();
                    }
                    explicitlyBad.add(Containers.name(spec, i));
                }
            } else if (!podNonRoot) {
                if (implicitlyBad == null) {
                    implicitlyBad = new ArrayList<>();
                }
                implicitlyBad.add(Containers.name(spec, i));
            }
        }
        if (explicitlyBad != null) {
            if (setters == null) {
                setters = new ArrayList<>(1);
            }
            setters.add(Messages.containers(explicitlyBad));
        }
        if (setters != null) {
            return CheckResult.forbidden(ID, REASON,
                    Messages.join(setters, " and ") + " must not set securityContext.runAsNonRoot=false");
        }
        if (implicitlyBad != null) {
            return CheckResult.forbidden(ID, REASON,
                    "pod or " + Messages.containers(implicitlyBad) + " must set securityContext.runAsNonRoot=true");
        }
        return ALLOWED;
    }

    static CheckResult v1_35(ObjectMeta metadata, PodSpec spec) {
        if (PodFields.inUserNamespace(spec)) {
            return ALLOWED;
        }
        return v1_0(metadata, spec);
    }
}
