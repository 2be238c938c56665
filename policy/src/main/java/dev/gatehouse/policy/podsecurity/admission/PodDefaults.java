package dev.gatehouse.policy.podsecurity.admission;

import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The API server defaulting that Pod Security depends on, for pods that did not come through an API server (files,
 * the CLI): a volume that names no source is an {@code emptyDir} volume. Without it a source-less volume would be
 * judged as an unknown (restricted) volume type, which a real cluster never sees.
 *
 * <p>Stateless and thread-safe. Neither method changes a spec that needs no defaulting.
 */
public final class PodDefaults {

    private PodDefaults() {
    }

    /**
     * {@code spec} with source-less volumes defaulted, leaving {@code spec} untouched: the same instance when nothing
     * needs defaulting (the usual case, no allocation), else a copy.
     */
    public static PodSpec withVolumeDefaults(PodSpec spec) {
        if (spec == null || !needsDefaults(spec.getVolumes())) {
            return spec;
        }
        List<Volume> volumes = new ArrayList<>(spec.getVolumes().size());
        for (Volume volume : spec.getVolumes()) {
            volumes.add(volume != null && hasNoSource(volume)
                    ? new VolumeBuilder(volume).withEmptyDir(new EmptyDirVolumeSource()).build()
                    : volume);
        }
        PodSpec copy = spec.toBuilder().build();
        copy.setVolumes(volumes);
        return copy;
    }

    /** Defaults source-less volumes of a spec the caller owns (e.g. one it has just decoded), in place. */
    public static void applyVolumeDefaults(PodSpec spec) {
        if (spec == null || !needsDefaults(spec.getVolumes())) {
            return;
        }
        for (Volume volume : spec.getVolumes()) {
            if (volume != null && hasNoSource(volume)) {
                volume.setEmptyDir(new EmptyDirVolumeSource());
            }
        }
    }

    private static boolean needsDefaults(List<Volume> volumes) {
        if (volumes == null) {
            return false;
        }
        for (Volume volume : volumes) {
            if (volume != null && hasNoSource(volume)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether no source at all is set. A field we do not know (a volume type newer than our model) counts as a
     * source, so such a volume stays an unknown type for the checks instead of passing as an emptyDir.
     */
    static boolean hasNoSource(Volume v) {
        return (v.getAdditionalProperties() == null || v.getAdditionalProperties().isEmpty())
                && v.getAwsElasticBlockStore() == null && v.getAzureDisk() == null && v.getAzureFile() == null
                && v.getCephfs() == null && v.getCinder() == null && v.getConfigMap() == null && v.getCsi() == null
                && v.getDownwardAPI() == null && v.getEmptyDir() == null && v.getEphemeral() == null
                && v.getFc() == null && v.getFlexVolume() == null && v.getFlocker() == null
                && v.getGcePersistentDisk() == null && v.getGitRepo() == null && v.getGlusterfs() == null
                && v.getHostPath() == null && v.getImage() == null && v.getIscsi() == null && v.getNfs() == null
                && v.getPersistentVolumeClaim() == null && v.getPhotonPersistentDisk() == null
                && v.getPortworxVolume() == null && v.getProjected() == null && v.getQuobyte() == null
                && v.getRbd() == null && v.getScaleIO() == null && v.getSecret() == null
                && v.getStorageos() == null && v.getVsphereVolume() == null;
    }
}
