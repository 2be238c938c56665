package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.Objects;

/**
 * The two parts of a pod that Pod Security evaluates: its metadata (for annotations) and its spec. For a pod
 * controller these are the pod template's, not the controller's.
 */
public record PodMetadataAndSpec(ObjectMeta metadata, PodSpec spec) {

    public PodMetadataAndSpec {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(spec, "spec");
    }
}
