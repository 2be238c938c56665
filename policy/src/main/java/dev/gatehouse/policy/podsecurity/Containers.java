package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.List;

/**
 * The pod's containers as one flat, indexed sequence in upstream visiting order: init containers, containers,
 * then ephemeral containers. fabric8 models ephemeral containers as a separate type; indexing instead of wrapping
 * lets checks read either kind without allocating a view per container.
 *
 * <pre>{@code
 * for (int i = 0, n = Containers.count(spec); i < n; i++) { SecurityContext sc = Containers.securityContext(spec, i); }
 * }</pre>
 */
final class Containers {

    private Containers() {}

    static int count(PodSpec spec) {
        return size(spec.getInitContainers()) + size(spec.getContainers()) + size(spec.getEphemeralContainers());
    }

    static String name(PodSpec spec, int index) {
        Object c = at(spec, index);
        return Messages.name(c instanceof Container container ? container.getName() : ((EphemeralContainer) c).getName());
    }

    static SecurityContext securityContext(PodSpec spec, int index) {
        Object c = at(spec, index);
        return c instanceof Container container ? container.getSecurityContext() : ((EphemeralContainer) c).getSecurityContext();
    }

    static List<ContainerPort> ports(PodSpec spec, int index) {
        Object c = at(spec, index);
        return c instanceof Container container ? container.getPorts() : ((EphemeralContainer) c).getPorts();
    }

    static Probe livenessProbe(PodSpec spec, int index) {
        Object c = at(spec, index);
        return c instanceof Container container ? container.getLivenessProbe() : ((EphemeralContainer) c).getLivenessProbe();
    }

    static Probe readinessProbe(PodSpec spec, int index) {
        Object c = at(spec, index);
        return c instanceof Container container ? container.getReadinessProbe() : ((EphemeralContainer) c).getReadinessProbe();
    }

    static Probe startupProbe(PodSpec spec, int index) {
        Object c = at(spec, index);
        return c instanceof Container container ? container.getStartupProbe() : ((EphemeralContainer) c).getStartupProbe();
    }

    static Lifecycle lifecycle(PodSpec spec, int index) {
        Object c = at(spec, index);
        return c instanceof Container container ? container.getLifecycle() : ((EphemeralContainer) c).getLifecycle();
    }

    /** Returns the container at {@code index}: a {@link Container} or an {@link EphemeralContainer}. */
    private static Object at(PodSpec spec, int index) {
        List<Container> init = spec.getInitContainers();
        int initSize = size(init);
        if (index < initSize) {
            return nonNull(init.get(index));
        }
        index -= initSize;
        List<Container> regular = spec.getContainers();
        int regularSize = size(regular);
        if (index < regularSize) {
            return nonNull(regular.get(index));
        }
        EphemeralContainer ephemeral = spec.getEphemeralContainers().get(index - regularSize);
        return ephemeral == null ? EMPTY_CONTAINER : ephemeral;
    }

    // A null list element (possible in hand-built specs) reads as a container with nothing set.
    private static final Container EMPTY_CONTAINER = new Container();

    private static Object nonNull(Container container) {
        return container == null ? EMPTY_CONTAINER : container;
    }

    private static int size(List<?> list) {
        return list == null ? 0 : list.size();
    }
}
