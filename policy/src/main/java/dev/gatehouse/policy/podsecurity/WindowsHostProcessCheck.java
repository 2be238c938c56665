package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Windows HostProcess containers run directly on the node with host access, the Windows equivalent of a
 * privileged container, and must be forbidden.
 *
 * <p><b>Restricted Fields:</b>
 * <ul>
 *   <li>spec.securityContext.windowsOptions.hostProcess</li>
 *   <li>spec.{initContainers,containers,ephemeralContainers}[*].securityContext.windowsOptions.hostProcess</li>
 * </ul>
 *
 * <p><b>Allowed Values:</b> undefined/false
 */
final class WindowsHostProcessCheck {

    static final String ID = "windowsHostProcess";
    private static final CheckResult ALLOWED = CheckResult.allowed(ID);

    private WindowsHostProcessCheck() {}

    static PodSecurityCheck definition() {
        return PodSecurityCheck.baseline(ID, VersionedCheck.of(0, WindowsHostProcessCheck::v1_0));
    }

    static CheckResult v1_0(ObjectMeta metadata, PodSpec spec) {
        List<String> bad = null;
        for (int i = 0, n = Containers.count(spec); i < n; i++) {
            SecurityContext sc = Containers.securityContext(spec, i);
            if (sc != null && hostProcess(sc.getWindowsOptions())) {
                if (bad == null) {
                    bad = new ArrayList<>();
                }
                bad.add(Containers.name(spec, i));
            }
        }
        PodSecurityContext podContext = spec.getSecurityContext();
        boolean pod = podContext != null && hostProcess(podContext.getWindowsOptions());
        if (!pod && bad == null) {
            return ALLOWED;
        }
        List<String> setters = new ArrayList<>(2);
        if (pod) {
            setters.add("pod");
        }
        if (bad != null) {
            setters.add(Messages.containers(bad));
        }
        return CheckResult.forbidden(ID, "hostProcess",
                Messages.join(setters, " and ") + " must not set securityContext.windowsOptions.hostProcess=true");
    }

    private static boolean hostProcess(WindowsSecurityContextOptions options) {
        return options != null && Boolean.TRUE.equals(options.getHostProcess());
    }
}
