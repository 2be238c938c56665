package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Privileged pods disable most security mechanisms and must be disallowed.
 *
 * <p><b>Restricted Fields:</b>
 * <ul>
 *   <li>spec.containers[*].securityContext.privileged</li>
 *   <li>spec.initContainers[*].securityContext.privileged</li>
 *   <li>spec.ephemeralContainers[*].securityContext.privileged</li>
 * </ul>
 *
 * <p><b>Allowed Values:</b> false, undefined/null
 */
final class PrivilegedCheck {

    static final String ID = "privileged";
    private static final CheckResult ALLOWED = CheckResult.allowed(ID);

    private PrivilegedCheck() {}

    static PodSecurityCheck definition() {
        return PodSecurityCheck.baseline(ID, VersionedCheck.of(0, PrivilegedCheck::v1_0));
    }

    static CheckResult v1_0(ObjectMeta metadata, PodSpec spec) {
        List<String> bad = null;
        for (int i = 0, n = Containers.count(spec); i < n; i++) {
            SecurityContext sc = Containers.securityContext(spec, i);
            if (sc != null && Boolean.TRUE.equals(sc.getPrivileged())) {
                if (bad == null) {
                    bad = new ArrayList<>();
                }
                bad.add(Containers.name(spec, i));
            }
        }
        if (bad == null) {
            return ALLOWED;
        }
        return CheckResult.forbidden(ID, "privileged",
                Messages.containers(bad) + " must not set securityContext.privileged=true");
    }
}
