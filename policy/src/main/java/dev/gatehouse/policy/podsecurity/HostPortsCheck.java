package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Host ports bind the node's network interfaces and bypass network policy; they must be forbidden.
 *
 * <p><b>Restricted Fields:</b>
 * <ul>
 *   <li>spec.containers[*].ports[*].hostPort</li>
 *   <li>spec.initContainers[*].ports[*].hostPort</li>
 *   <li>spec.ephemeralContainers[*].ports[*].hostPort</li>
 * </ul>
 *
 * <p><b>Allowed Values:</b> undefined/0
 */
final class HostPortsCheck {

    static final String ID = "hostPorts";
    private static final CheckResult ALLOWED = CheckResult.allowed(ID);

    private HostPortsCheck() {}

    static PodSecurityCheck definition() {
        return PodSecurityCheck.baseline(ID, VersionedCheck.of(0, HostPortsCheck::v1_0));
    }

    static CheckResult v1_0(ObjectMeta metadata, PodSpec spec) {
        List<String> bad = null;
        // Upstream lists ports as a sorted set of their decimal strings ("10" sorts before "9").
        TreeSet<String> ports = null;
        for (int i = 0, n = Containers.count(spec); i < n; i++) {
            List<ContainerPort> containerPorts = Containers.ports(spec, i);
            if (containerPorts == null) {
                continue;
            }
            boolean valid = true;
            for (ContainerPort port : containerPorts) {
                if (port != null && port.getHostPort() != null && port.getHostPort() != 0) {
                    valid = false;
                    if (ports == null) {
                        ports = Messages.sortedSet();
                    }
                    ports.add(Integer.toString(port.getHostPort()));
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
        return CheckResult.forbidden(ID, "hostPort",
                Messages.containers(bad) + " " + Messages.pluralize("uses", "use", bad.size()) + " "
                        + Messages.pluralize("hostPort", "hostPorts", ports.size()) + " " + Messages.join(ports, ", "));
    }
}
