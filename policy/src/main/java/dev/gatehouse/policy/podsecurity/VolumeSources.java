package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.Volume;

/** Which source a volume uses, in the terms the volume checks speak. */
final class VolumeSources {

    private VolumeSources() {}

    /**
     * Whether the volume uses one of the types restricted pods may use: configMap, csi, downwardAPI, emptyDir,
     * ephemeral, image, persistentVolumeClaim, projected, secret. These are either ephemeral or defined by a
     * PersistentVolume an administrator controls.
     */
    static boolean isRestrictedAllowed(Volume v) {
        return v.getConfigMap() != null
                || v.getCsi() != null
                || v.getDownwardAPI() != null
                || v.getEmptyDir() != null
                || v.getEphemeral() != null
                || v.getImage() != null
                || v.getPersistentVolumeClaim() != null
                || v.getProjected() != null
                || v.getSecret() != null;
    }

    /**
     * The name of the first restricted source set on the volume, in upstream's order, or {@code "unknown"} when
     * none of the known ones is (a source this model does not know, or none at all).
     */
    static String restrictedType(Volume v) {
        if (v.getHostPath() != null) return "hostPath";
        if (v.getGcePersistentDisk() != null) return "gcePersistentDisk";
        if (v.getAwsElasticBlockStore() != null) return "awsElasticBlockStore";
        if (v.getGitRepo() != null) return "gitRepo";
        if (v.getNfs() != null) return "nfs";
        if (v.getIscsi() != null) return "iscsi";
        if (v.getGlusterfs() != null) return "glusterfs";
        if (v.getRbd() != null) return "rbd";
        if (v.getFlexVolume() != null) return "flexVolume";
        if (v.getCinder() != null) return "cinder";
        if (v.getCephfs() != null) return "cephfs";
        if (v.getFlocker() != null) return "flocker";
        if (v.getFc() != null) return "fc";
        if (v.getAzureFile() != null) return "azureFile";
        if (v.getVsphereVolume() != null) return "vsphereVolume";
        if (v.getQuobyte() != null) return "quobyte";
        if (v.getAzureDisk() != null) return "azureDisk";
        if (v.getPhotonPersistentDisk() != null) return "photonPersistentDisk";
        if (v.getPortworxVolume() != null) return "portworxVolume";
        if (v.getScaleIO() != null) return "scaleIO";
        if (v.getStorageos() != null) return "storageos";
        return "unknown";
    }

    /**
     * Whether the volume names no source at all: no known source and no unrecognised field that might be one. Only
     * such a volume is defaulted to emptyDir; a volume with an unknown source stays "unknown".
     */
    static boolean hasNoSource(Volume v) {
        return !isRestrictedAllowed(v)
                && restrictedType(v).equals("unknown")
                && (v.getAdditionalProperties() == null || v.getAdditionalProperties().isEmpty());
    }
}
