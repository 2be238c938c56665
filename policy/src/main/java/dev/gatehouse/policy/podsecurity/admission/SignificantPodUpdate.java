package dev.gatehouse.policy.podsecurity.admission;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import java.util.Objects;

/**
 * Decides whether a pod update can change its Pod Security verdict. A running pod's spec is immutable except for
 * container images and added ephemeral containers, so only these are significant: the number of containers or init
 * containers changed, any container or init container image changed, an ephemeral container was added or its
 * image changed. Anything else (labels, annotations, status) is allowed without evaluation, so that pods admitted
 * under an older policy can still be updated.
 */
final class SignificantPodUpdate {

    private SignificantPodUpdate() {
    }

    static boolean isSignificant(Pod pod, Pod oldPod) {
        PodSpec spec = pod.getSpec();
        PodSpec oldSpec = oldPod.getSpec();
        List<Container> containers = spec == null ? null : spec.getContainers();
        List<Container> oldContainers = oldSpec == null ? null : oldSpec.getContainers();
        List<Container> initContainers = spec == null ? null : spec.getInitContainers();
        List<Container> oldInitContainers = oldSpec == null ? null : oldSpec.getInitContainers();
        if (size(containers) != size(oldContainers) || size(initContainers) != size(oldInitContainers)) {
            return true;
        }
        if (imageChanged(containers, oldContainers) || imageChanged(initContainers, oldInitContainers)) {
            return true;
        }
        List<EphemeralContainer> ephemeral = spec == null ? null : spec.getEphemeralContainers();
        if (ephemeral == null) {
            return false;
        }
        List<EphemeralContainer> oldEphemeral = oldSpec == null ? null : oldSpec.getEphemeralContainers();
        for (EphemeralContainer container : ephemeral) {
            EphemeralContainer old = findByName(oldEphemeral, container == null ? "" : nz(container.getName()));
            if (old == null) {
                return true; // added
            }
            if (!nz(container.getImage()).equals(nz(old.getImage()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean imageChanged(List<Container> containers, List<Container> oldContainers) {
        for (int i = 0; i < size(containers); i++) {
            Container container = containers.get(i);
            Container old = oldContainers.get(i);
            if (!Objects.equals(container == null ? "" : nz(container.getImage()), old == null ? "" : nz(old.getImage()))) {
                return true;
            }
        }
        return false;
    }

    private static EphemeralContainer findByName(List<EphemeralContainer> containers, String name) {
        if (containers == null) {
            return null;
        }
        for (EphemeralContainer container : containers) {
            if (container != null && nz(container.getName()).equals(name)) {
                return container;
            }
        }
        return null;
    }

    private static int size(List<?> list) {
        return list == null ? 0 : list.size();
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }
}
