package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Sysctl;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sysctls can disable security mechanisms or affect every container on the node, so only a "safe" subset is
 * allowed: sysctls that are namespaced in the container or pod and isolated from other pods on the node. The
 * subset grows as the kernel namespaces more of them; each growth is a new version.
 *
 * <p><b>Restricted Fields:</b>
 * <ul>
 *   <li>spec.securityContext.sysctls[*].name</li>
 * </ul>
 *
 * <p><b>Allowed Values:</b>
 * <ul>
 *   <li>v1.0: kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies,
 *       net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start</li>
 *   <li>v1.27: also net.ipv4.ip_local_reserved_ports</li>
 *   <li>v1.29: also net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl,
 *       net.ipv4.tcp_keepalive_probes</li>
 *   <li>v1.32: also net.ipv4.tcp_rmem, net.ipv4.tcp_wmem</li>
 *   <li>v1.37: also net.ipv4.tcp_slow_start_after_idle, net.ipv4.tcp_notsent_lowat</li>
 * </ul>
 */
final class SysctlsCheck {

    static final String ID = "sysctls";
    private static final CheckResult ALLOWED = CheckResult.allowed(ID);

    private static final Set<String> ALLOWED_V1_0 = Set.of(
            "kernel.shm_rmid_forced",
            "net.ipv4.ip_local_port_range",
            "net.ipv4.tcp_syncookies",
            "net.ipv4.ping_group_range",
            "net.ipv4.ip_unprivileged_port_start");
    private static final Set<String> ALLOWED_V1_27 = union(ALLOWED_V1_0,
            "net.ipv4.ip_local_reserved_ports");
    private static final Set<String> ALLOWED_V1_29 = union(ALLOWED_V1_27,
            "net.ipv4.tcp_keepalive_time",
            "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl",
            "net.ipv4.tcp_keepalive_probes");
    private static final Set<String> ALLOWED_V1_32 = union(ALLOWED_V1_29,
            "net.ipv4.tcp_rmem",
            "net.ipv4.tcp_wmem");
    private static final Set<String> ALLOWED_V1_37 = union(ALLOWED_V1_32,
            "net.ipv4.tcp_slow_start_after_idle",
            "net.ipv4.tcp_notsent_lowat");

    private SysctlsCheck() {}

    static PodSecurityCheck definition() {
        return PodSecurityCheck.baseline(ID,
                VersionedCheck.of(0, SysctlsCheck::v1_0),
                VersionedCheck.of(27, SysctlsCheck::v1_27),
                VersionedCheck.of(29, SysctlsCheck::v1_29),
                VersionedCheck.of(32, SysctlsCheck::v1_32),
                VersionedCheck.of(37, SysctlsCheck::v1_37));
    }

    static CheckResult v1_0(ObjectMeta metadata, PodSpec spec) {
        return check(spec, ALLOWED_V1_0);
    }

    static CheckResult v1_27(ObjectMeta metadata, PodSpec spec) {
        return check(spec, ALLOWED_V1_27);
    }

    static CheckResult v1_29(ObjectMeta metadata, PodSpec spec) {
        return check(spec, ALLOWED_V1_29);
    }

    static CheckResult v1_32(ObjectMeta metadata, PodSpec spec) {
        return check(spec, ALLOWED_V1_32);
    }

    static CheckResult v1_37(ObjectMeta metadata, PodSpec spec) {
        return check(spec, ALLOWED_V1_37);
    }

    private static CheckResult check(PodSpec spec, Set<String> allowed) {
        if (spec.getSecurityContext() == null || spec.getSecurityContext().getSysctls() == null) {
            return ALLOWED;
        }
        // In the order given, duplicates kept, as upstream lists them.
        List<String> forbidden = null;
        for (Sysctl sysctl : spec.getSecurityContext().getSysctls()) {
            String name = sysctl == null ? "" : Messages.name(sysctl.getName());
            if (!allowed.contains(name)) {
                if (forbidden == null) {
                    forbidden = new ArrayList<>();
                }
                forbidden.add(name);
            }
        }
        if (forbidden == null) {
            return ALLOWED;
        }
        return CheckResult.forbidden(ID, "forbidden sysctls", Messages.join(forbidden, ", "));
    }

    private static Set<String> union(Set<String> base, String... added) {
        HashSet<String> all = new HashSet<>(base);
        all.addAll(List.of(added));
        return Set.copyOf(all);
    }
}
