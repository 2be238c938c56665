package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import java.util.TreeSet;

/**
 * A probe or lifecycle handler with a host makes the kubelet connect to an arbitrary address on the pod's behalf
 * (a server-side request forgery from the node); the host must be left empty so the pod's own IP is used.
 *
 * <p><b>Restricted Fields:</b>
 * <ul>
 *   <li>spec.{initContainers,containers,ephemeralContainers}[*].{livenessProbe,readinessProbe,startupProbe}
 *       .httpGet.host</li>
 *   <li>spec.{initContainers,containers,ephemeralContainers}[*].{livenessProbe,readinessProbe,startupProbe}
 *       .tcpSocket.host</li>
 *   <li>spec.{initContainers,containers,ephemeralContainers}[*].lifecycle.{postStart,preStop}.httpGet.host</li>
 *   <li>spec.{initContainers,containers,ephemeralContainers}[*].lifecycle.{postStart,preStop}.tcpSocket.host
 *       (deprecated handler kept for compatibility)</li>
 * </ul>
 *
 * <p><b>Allowed Values:</b> undefined/empty
 *
 * <p>New in policy version v1.34.
 */
final class HostProbesAndHostLifecycleCheck {

    static final String ID = "hostProbesAndHostLifecycle";
    private static final CheckResult ALLOWED = CheckResult.allowed(ID);

    private HostProbesAndHostLifecycleCheck() {}

    static PodSecurityCheck definition() {
        return PodSecurityCheck.baseline(ID, VersionedCheck.of(34, HostProbesAndHostLifecycleCheck::v1_34));
    }

    static CheckResult v1_34(ObjectMeta metadata, PodSpec spec) {
        // Upstream collects both containers and hosts as sorted sets.
        TreeSet<String> badContainers = null;
        TreeSet<String> hosts = null;
        for (int i = 0, n = Containers.count(spec); i < n; i++) {
            String h1 = probeHost(Containers.livenessProbe(spec, i));
            String h2 = probeHost(Containers.readinessProbe(spec, i));
            String h3 = probeHost(Containers.startupProbe(spec, i));
            Lifecycle lifecycle = Containers.lifecycle(spec, i);
            String h4 = lifecycle == null ? null : handlerHost(lifecycle.getPostStart());
            String h5 = lifecycle == null ? null : handlerHost(lifecycle.getPreStop());
            if (h1 == null && h2 == null && h3 == null && h4 == null && h5 == null) {
                continue;
            }
            if (badContainers == null) {
                badContainers = Messages.sortedSet();
                hosts = Messages.sortedSet();
            }
            badContainers.add(Containers.name(spec, i));
            collect(hosts, Containers.livenessProbe(spec, i));
            collect(hosts, Containers.readinessProbe(spec, i));
            collect(hosts, Containers.startupProbe(spec, i));
            if (lifecycle != null) {
                collect(hosts, lifecycle.getPostStart());
                collect(hosts, lifecycle.getPreStop());
            }
        }
        if (badContainers == null) {
            return ALLOWED;
        }
        return CheckResult.forbidden(ID, "probe or lifecycle host",
                Messages.containers(badContainers) + " " + Messages.pluralize("uses", "use", badContainers.size()) + " "
                        + Messages.pluralize("probe or lifecycle host", "probe or lifecycle hosts", hosts.size()) + " "
                        + Messages.joinQuote(hosts));
    }

    /** The first host set on the probe, or null when none is (the allocation-free test). */
    private static String probeHost(Probe probe) {
        if (probe == null) {
            return null;
        }
        return firstHost(probe.getHttpGet(), probe.getTcpSocket());
    }

    private static String handlerHost(LifecycleHandler handler) {
        if (handler == null) {
            return null;
        }
        return firstHost(handler.getHttpGet(), handler.getTcpSocket());
    }

    private static String firstHost(HTTPGetAction http, TCPSocketAction tcp) {
        if (http != null && http.getHost() != null && !http.getHost().isEmpty()) {
            return http.getHost();
        }
        if (tcp != null && tcp.getHost() != null && !tcp.getHost().isEmpty()) {
            return tcp.getHost();
        }
        return null;
    }

    private static void collect(TreeSet<String> hosts, Probe probe) {
        if (probe != null) {
            collect(hosts, probe.getHttpGet(), probe.getTcpSocket());
        }
    }

    private static void collect(TreeSet<String> hosts, LifecycleHandler handler) {
        if (handler != null) {
            collect(hosts, handler.getHttpGet(), handler.getTcpSocket());
        }
    }

    private static void collect(TreeSet<String> hosts, HTTPGetAction http, TCPSocketAction tcp) {
        if (http != null && http.getHost() != null && !http.getHost().isEmpty()) {
            hosts.add(http.getHost());
        }
        if (tcp != null && tcp.getHost() != null && !tcp.getHost().isEmpty()) {
            hosts.add(tcp.getHost());
        }
    }
}
