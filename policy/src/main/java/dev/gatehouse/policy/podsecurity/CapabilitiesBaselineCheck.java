package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Adding NET_RAW or any capability beyond the container runtime's default set must be disallowed. At restricted
 * level this check is replaced by {@link CapabilitiesRestrictedCheck} from v1.22.
 *
 * <p><b>Restricted Fields:</b>
 * <ul>
 *   <li>spec.containers[*].securityContext.capabilities.add</li>
 *   <li>spec.initContainers[*].securityContext.capabilities.add</li>
 *   <li>spec.ephemeralContainers[*].securityContext.capabilities.add</li>
 * </ul>
 *
 * <p><b>Allowed Values:</b> undefined/empty, or values from the default set AUDIT_WRITE, CHOWN, DAC_OVERRIDE,
 * FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT (exact,
 * case-sensitive)
 */
final class CapabilitiesBaselineCheck {

    static final String ID = "capabilities_baseline";
    private static final CheckResult ALLOWED = CheckResult.allowed(ID);

    private static final Set<String> ALLOWED_V1_0 = Set.of(
            "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
            "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");

    private CapabilitiesBaselineCheck() {}

    static PodSecurityCheck definition() {
        return PodSecurityCheck.baseline(ID, VersionedCheck.of(0, CapabilitiesBaselineCheck::v1_0));
    }

    static CheckResult v1_0(ObjectMeta metadata, PodSpec spec) {
        List<String> bad = null;
        TreeSet<String> capabilities = null;
        for (int i = 0, n = Containers.count(spec); i < n; i++) {
            SecurityContext sc = Containers.securityContext(spec, i);
            if (sc == null || sc.getCapabilities() == null || sc.getCapabilities().getAdd() == null) {
                continue;
            }
            boolean valid = true;
            for (String capability : sc.getCapabilities().getAdd()) {
                String name = Messages.name(capability);
                if (!ALLOWED_V1_0.contains(name)) {
                    valid = false;
                    if (capabilities == null) {
                        capabilities = Messages.sortedSet();
                    }
                    capabilities.add(name);
                }
            }
            if (!valid) {
                if (bad == null) {
                    bad = new ArrayList<>();
                }
                bad.add(Containers.name(spec, i));
            }
        }
        if (bad == null) {
            return ALLOWED;
        }
        return CheckResult.forbidden(ID, "non-default capabilities",
                Messages.containers(bad) + " must not include " + Messages.joinQuote(capabilities)
                        + " in securityContext.capabilities.add");
    }
}
