package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.Map;

/** Pod-level facts several checks depend on, read the way upstream reads them. */
final class PodFields {

    private PodFields() {}

    /**
     * Whether the pod runs in its own user namespace ({@code spec.hostUsers: false}, explicitly). From v1.35 the
     * runAsNonRoot, runAsUser and (baseline) procMount checks accept such pods, since root in the pod is not root
     * on the node.
     */
    static boolean inUserNamespace(PodSpec spec) {
        return Boolean.FALSE.equals(spec.getHostUsers());
    }

    /**
     * Whether the pod declares {@code spec.os.name: windows}. From v1.25 the Linux-only restricted checks
     * (allowPrivilegeEscalation, capabilities_restricted, seccompProfile_restricted) skip such pods.
     */
    static boolean isWindows(PodSpec spec) {
        return spec.getOs() != null && "windows".equals(spec.getOs().getName());
    }

    /** The annotations, never null. */
    static Map<String, String> annotations(ObjectMeta metadata) {
        Map<String, String> annotations = metadata.getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }
}
