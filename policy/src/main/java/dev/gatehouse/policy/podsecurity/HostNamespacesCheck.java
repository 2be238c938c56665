package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Sharing the host network, PID or IPC namespace lets a pod see and reach the node's processes and traffic, so it
 * must be disallowed.
 *
 * <p><b>Restricted Fields:</b>
 * <ul>
 *   <li>spec.hostNetwork</li>
 *   <li>spec.hostPID</li>
 *   <li>spec.hostIPC</li>
 * </ul>
 *
 * <p><b>Allowed Values:</b> undefined, false
 */
final class HostNamespacesCheck {

    static final String ID = "hostNamespaces";
    private static final CheckResult ALLOWED = CheckResult.allowed(ID);

    private HostNamespacesCheck() {}

    static PodSecurityCheck definition() {
        return PodSecurityCheck.baseline(ID, VersionedCheck.of(0, HostNamespacesCheck::v1_0));
    }

    static CheckResult v1_0(ObjectMeta metadata, PodSpec spec) {
        boolean network = Boolean.TRUE.equals(spec.getHostNetwork());
        boolean pid = Boolean.TRUE.equals(spec.getHostPID());
        boolean ipc = Boolean.TRUE.equals(spec.getHostIPC());
        if (!network && !pid && !ipc) {
            return ALLOWED;
        }
        List<String> shared = new ArrayList<>(3);
        if (network) {
            shared.add("hostNetwork=true");
        }
        if (pid) {
            shared.add("hostPID=true");
        }
        if (ipc) {
            shared.add("hostIPC=true");
        }
        return CheckResult.forbidden(ID, "host namespaces", Messages.join(shared, ", "));
    }
}
