package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Beyond forbidding hostPath, restricted pods may use only core volume types that are ephemeral or defined through
 * PersistentVolumes, which an administrator controls. Replaces {@link HostPathVolumesCheck} at restricted level.
 *
 * <p><b>Restricted Fields:</b> spec.volumes[*] of any type other than those allowed, reported by name: hostPath,
 * gcePersistentDisk, awsElasticBlockStore, gitRepo, nfs, iscsi, glusterfs, rbd, flexVolume, cinder, cephfs,
 * flocker, fc, azureFile, vsphereVolume, quobyte, azureDisk, photonPersistentDisk, portworxVolume, scaleIO,
 * storageos, or "unknown".
 *
 * <p><b>Allowed Values:</b> spec.volumes[*] with one of configMap, csi, downwardAPI, emptyDir, ephemeral, image,
 * persistentVolumeClaim, projected, secret.
 *
 * <p>A volume with no source at all is reported "unknown" here; the API server would have defaulted it to
 * emptyDir, which {@link VolumeDefaults} reproduces for raw manifests.
 */
final class RestrictedVolumesCheck {

    static final String ID = "restrictedVolumes";
    private static final CheckResult ALLOWED = CheckResult.allowed(ID);

    private RestrictedVolumesCheck() {}

    static PodSecurityCheck definition() {
        return PodSecurityCheck.restricted(ID,
                VersionedCheck.overriding(0, RestrictedVolumesCheck::v1_0, HostPathVolumesCheck.ID));
    }

    static CheckResult v1_0(ObjectMeta metadata, PodSpec spec) {
        List<Volume> volumes = spec.getVolumes();
        if (volumes == null) {
            return ALLOWED;
        }
        List<String> bad = null;
        TreeSet<String> types = null;
        for (int i = 0, n = volumes.size(); i < n; i++) {
            Volume volume = volumes.get(i);
            if (volume == null) {
                volume = EMPTY;
            }
            if (VolumeSources.isRestrictedAllowed(volume)) {
                continue;
            }
            if (bad == null) {
                bad = new ArrayList<>();
                types = Messages.sortedSet();
            }
            bad.add(Messages.name(volume.getName()));
            types.add(VolumeSources.restrictedType(volume));
        }
        if (bad == null) {
            return ALLOWED;
        }
        return CheckResult.forbidden(ID, "restricted volume types",
                Messages.pluralize("volume", "volumes", bad.size()) + " " + Messages.joinQuote(bad) + " "
                        + Messages.pluralize("uses", "use", bad.size()) + " "
                        + Messages.pluralize("restricted volume type", "restricted volume types", types.size()) + " "
                        + Messages.joinQuote(types));
    }

    private static final Volume EMPTY = new Volume();
}
