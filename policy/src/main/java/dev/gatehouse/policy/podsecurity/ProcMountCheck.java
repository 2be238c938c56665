package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The default /proc masks reduce the kernel's attack surface and must be kept.
 *
 * <p><b>Restricted Fields:</b>
 * <ul>
 *   <li>spec.containers[*].securityContext.procMount</li>
 *   <li>spec.initContainers[*].securityContext.procMount</li>
 *   <li>spec.ephemeralContainers[*].securityContext.procMount</li>
 * </ul>
 *
 * <p><b>Allowed Values:</b> undefined/null, "Default"; from v1.35 any value when the pod runs in its own user
 * namespace ({@code spec.hostUsers: false}), where an unmasked /proc exposes nothing of the node. Restricted level
 * keeps the v1.0 rule through {@link ProcMountRestrictedCheck}.
 */
final class ProcMountCheck {

    static final String ID = "procMount";
    private static final CheckResult ALLOWED = CheckResult.allowed(ID);

    private ProcMountCheck() {}

    static PodSecurityCheck definition() {
        return PodSecurityCheck.baseline(ID,
                VersionedCheck.of(0, ProcMountCheck::v1_0),
                VersionedCheck.of(35, ProcMountCheck::v1_35));
    }

    static CheckResult v1_0(ObjectMeta metadata, PodSpec spec) {
        return defaultProcMountOnly(ID, ALLOWED, spec);
    }

    static CheckResult v1_35(ObjectMeta metadata, PodSpec spec) {
        if (PodFields.inUserNamespace(spec)) {
            return ALLOWED;
        }
        return defaultProcMountOnly(ID, ALLOWED, spec);
    }

    /** The v1.0 rule, shared with {@link ProcMountRestrictedCheck} (which reports under its own ID). */
    static CheckResult defaultProcMountOnly(String checkId, CheckResult allowed, PodSpec spec) {
        List<String> bad = null;
        TreeSet<String> types = null;
        for (int i = 0, n = Containers.count(spec); i < n; i++) {
            SecurityContext sc = Containers.securityContext(spec, i);
            if (sc == null || sc.getProcMount() == null || sc.getProcMount().equals("Default")) {
                continue;
            }
            if (bad == null) {
                bad = new ArrayList<>();
                types = Messages.sortedSet();
            }
            bad.add(Containers.name(spec, i));
            types.add(sc.getProcMount());
        }
        if (bad == null) {
            return allowed;
        }
        return CheckResult.forbidden(checkId, "procMount",
                Messages.containers(bad) + " must not set securityContext.procMount to " + Messages.joinQuote(types));
    }
}
