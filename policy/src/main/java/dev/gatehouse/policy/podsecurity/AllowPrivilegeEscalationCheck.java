package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Privilege escalation (through set-user-ID or set-group-ID binaries, for example) must be turned off explicitly:
 * the runtime default allows it.
 *
 * <p><b>Restricted Fields:</b>
 * <ul>
 *   <li>spec.containers[*].securityContext.allowPrivilegeEscalation</li>
 *   <li>spec.initContainers[*].securityContext.allowPrivilegeEscalation</li>
 *   <li>spec.ephemeralContainers[*].securityContext.allowPrivilegeEscalation</li>
 * </ul>
 *
 * <p><b>Allowed Values:</b> false
 *
 * <p>From v1.8, when the field was introduced; from v1.25 Windows pods ({@code spec.os.name: windows}) are exempt,
 * the field having no meaning there.
 */
final class AllowPrivilegeEscalationCheck {

    static final String ID = "allowPrivilegeEscalation";
    private static final CheckResult ALLOWED = CheckResult.allowed(ID);

    private AllowPrivilegeEscalationCheck() {}

    static PodSecurityCheck definition() {
        return PodSecurityCheck.restricted(ID,
                VersionedCheck.of(8, AllowPrivilegeEscalationCheck::v1_8),
                VersionedCheck.of(25, AllowPrivilegeEscalationCheck::v1_25));
    }

    static CheckResult v1_8(ObjectMeta metadata, PodSpec spec) {
        List<String> bad = null;
        for (int i = 0, n = Containers.count(spec); i < n; i++) {
            SecurityContext sc = Containers.securityContext(spec, i);
            if (sc == null || !Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                if (bad == null) {
                    bad = new ArrayList<>();
                }
                bad.add(Containers.name(spec, i));
            }
        }
        if (bad == null) {
            return ALLOWED;
        }
        return CheckResult.forbidden(ID, "allowPrivilegeEscalation != false",
                Messages.containers(bad) + " must set securityContext.allowPrivilegeEscalation=false");
    }

    static CheckResult v1_25(ObjectMeta metadata, PodSpec spec) {
        if (PodFields.isWindows(spec)) {
            return ALLOWED;
        }
        return v1_8(metadata, spec);
    }
}
