package dev.gatehouse.policy.podsecurity;

import java.util.Map;

/**
 * One line per check telling a user how to make a pod pass it. Shown by {@code gatehouse check}; upstream PSA has
 * no such text, so these are ours.
 */
public final class RemediationHints {

    private static final Map<String, String> HINTS = Map.ofEntries(
            Map.entry("appArmorProfile", "remove the Unconfined AppArmor profile; use RuntimeDefault or a Localhost profile"),
            Map.entry("capabilities_baseline", "remove capabilities outside the baseline set from securityContext.capabilities.add"),
            Map.entry("hostNamespaces", "remove hostNetwork, hostPID and hostIPC (or set them to false)"),
            Map.entry("hostPathVolumes", "replace hostPath volumes with emptyDir, configMap, secret or a persistentVolumeClaim"),
            Map.entry("hostPorts", "remove hostPort from the container ports; expose the pod through a Service instead"),
            Map.entry("hostProbesAndHostLifecycle", "remove the host field from probes and lifecycle handlers (they target the pod IP by default)"),
            Map.entry("privileged", "remove securityContext.privileged or set it to false"),
            Map.entry("procMount", "remove securityContext.procMount or set it to Default"),
            Map.entry("procMount_restricted", "remove securityContext.procMount or set it to Default"),
            Map.entry("seLinuxOptions", "use only the container_t, container_init_t, container_kvm_t or container_engine_t SELinux types, and do not set user or role"),
            Map.entry("seccompProfile_baseline", "do not use the Unconfined seccomp profile; use RuntimeDefault or Localhost"),
            Map.entry("sysctls", "remove sysctls outside the safe set from spec.securityContext.sysctls"),
            Map.entry("windowsHostProcess", "remove securityContext.windowsOptions.hostProcess or set it to false"),
            Map.entry("allowPrivilegeEscalation", "set securityContext.allowPrivilegeEscalation: false on every container"),
            Map.entry("capabilities_restricted", "set securityContext.capabilities.drop: [\"ALL\"] on every container and add back at most NET_BIND_SERVICE"),
            Map.entry("restrictedVolumes", "use only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret volumes"),
            Map.entry("runAsNonRoot", "set securityContext.runAsNonRoot: true on the pod (or on every container) and run as a non-zero user"),
            Map.entry("runAsUser", "do not set runAsUser: 0; run as a non-zero user ID"),
            Map.entry("seccompProfile_restricted", "set securityContext.seccompProfile.type: RuntimeDefault on the pod (or Localhost with a profile)"));

    private RemediationHints() {}

    /** The hint for a check ID, or an empty string for an unknown one. */
    public static String forCheck(String checkId) {
        return HINTS.getOrDefault(checkId, "");
    }

    /** Every check ID with a hint (for the meta-test that keeps this list and the registry in step). */
    public static java.util.Set<String> checkIds() {
        return HINTS.keySet();
    }
}
