package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;

/**
 * HostPath volumes expose the node's file system to the pod and must be forbidden. At restricted level this check
 * is replaced by {@link RestrictedVolumesCheck}, which forbids hostPath among other types.
 *
 * <p><b>Restricted Fields:</b>
 * <ul>
 *   <li>spec.volumes[*].hostPath</li>
 * </ul>
 *
 * <p><b>Allowed Values:</b> undefined/null
 */
final class HostPathVolumesCheck {

    static final String ID = "hostPathVolumes";
    private static final CheckResult ALLOWED = CheckResult.allowed(ID);

    private HostPathVolumesCheck() {}

    static PodSecurityCheck definition() {
        return PodSecurityCheck.baseline(ID, VersionedCheck.of(0, HostPathVolumesCheck::v1_0));
    }

    static CheckResult v1_0(ObjectMeta metadata, PodSpec spec) {
        List<Volume> volumes = spec.getVolumes();
        if (volumes == null) {
            return ALLOWED;
        }
        List<String> bad = null;
        for (int i = 0, n = volumes.size(); i < n; i++) {
            Volume volume = volumes.get(i);
            if (volume != null && volume.getHostPath() != null) {
                if (bad == null) {
                    bad = new ArrayList<>();
                }
                bad.add(Messages.name(volume.getName()));
            }
        }
        if (bad == null) {
            return ALLOWED;
        }
        return CheckResult.forbidden(ID, "hostPath volumes",
                Messages.pluralize("volume", "volumes", bad.size()) + " " + Messages.joinQuote(bad));
    }
}
