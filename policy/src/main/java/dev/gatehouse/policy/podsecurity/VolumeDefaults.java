package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The one piece of API-server defaulting that changes a Pod Security verdict: a volume that names no source is
 * stored as an {@code emptyDir} volume (upstream {@code SetDefaults_Volume}) before admission sees it. Pods that
 * come through the API server are already defaulted; a manifest read from disk is not, and without this step its
 * source-less volume would fail restricted as type "unknown".
 *
 * <p>Stateless and thread-safe. The input is never modified.
 */
public final class VolumeDefaults {

    private VolumeDefaults() {}

    /**
     * Returns {@code spec} itself when every volume has a source (the common case, no allocation), otherwise a copy
     * in which each source-less volume has an empty {@code emptyDir}. A volume carrying an unrecognised source
     * field is left alone, so that it is still reported as "unknown" rather than silently accepted.
     */
    public static PodSpec apply(PodSpec spec) {
        if (spec == null || spec.getVolumes() == null) {
            return spec;
        }
        List<Volume> volumes = spec.getVolumes();
        boolean needed = false;
        for (int i = 0, n = volumes.size(); i < n; i++) {
            Volume volume = volumes.get(i);
            if (volume != null && VolumeSources.hasNoSource(volume)) {
                needed = true;
                break;
            }
        }
        if (!needed) {
            return spec;
        }
        List<Volume> defaulted = new ArrayList<>(volumes.size());
        for (Volume volume : volumes) {
            if (volume != null && VolumeSources.hasNoSource(volume)) {
                defaulted.add(new VolumeBuilder(volume).withEmptyDir(new EmptyDirVolumeSource()).build());
            } else {
                defaulted.add(volume);
            }
        }
        PodSpec copy = new PodSpecBuilder(spec).build();
        copy.setVolumes(defaulted);
        return copy;
    }
}
