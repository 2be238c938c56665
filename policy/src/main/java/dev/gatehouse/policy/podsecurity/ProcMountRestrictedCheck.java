package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;

/**
 * Restricted pods keep the default /proc masks even in a user namespace: from v1.35, when baseline's
 * {@link ProcMountCheck} starts accepting any procMount for {@code hostUsers: false} pods, this check replaces it
 * at restricted level with the original rule.
 *
 * <p><b>Restricted Fields:</b>
 * <ul>
 *   <li>spec.containers[*].securityContext.procMount</li>
 *   <li>spec.initContainers[*].securityContext.procMount</li>
 *   <li>spec.ephemeralContainers[*].securityContext.procMount</li>
 * </ul>
 *
 * <p><b>Allowed Values:</b> undefined/null, "Default"
 */
final class ProcMountRestrictedCheck {

    static final String ID = "procMount_restricted";
    private static final CheckResult ALLOWED = CheckResult.allowed(ID);

    private ProcMountRestrictedCheck() {}

    static PodSecurityCheck definition() {
        return PodSecurityCheck.restricted(ID,
                VersionedCheck.overriding(35, ProcMountRestrictedCheck::v1_35, ProcMountCheck.ID));
    }

    static CheckResult v1_35(ObjectMeta metadata, PodSpec spec) {
        return ProcMountCheck.defaultProcMountOnly(ID, ALLOWED, spec);
    }
}
