package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Containers must drop ALL capabilities and may add back only NET_BIND_SERVICE. Replaces
 * {@link CapabilitiesBaselineCheck} at restricted level from its first version.
 *
 * <p><b>Restricted Fields:</b>
 * <ul>
 *   <li>spec.{initContainers,containers,ephemeralContainers}[*].securityContext.capabilities.drop</li>
 * </ul>
 * <b>Allowed Values:</b> must include "ALL"
 *
 * <p><b>Restricted Fields:</b>
 * <ul>
 *   <li>spec.{initContainers,containers,ephemeralContainers}[*].securityContext.capabilities.add</li>
 * </ul>
 * <b>Allowed Values:</b> undefined/empty, "NET_BIND_SERVICE"
 *
 * <p>From v1.22; from v1.25 Windows pods are exempt (Linux capabilities do not apply to them).
 */
final class CapabilitiesRestrictedCheck {

    static final String ID = "capabilities_restricted";
    private static final CheckResult ALLOWED = CheckResult.allowed(ID);

    private CapabilitiesRestrictedCheck() {}

    static PodSecurityCheck definition() {
        return PodSecurityCheck.restricted(ID,
                VersionedCheck.overriding(22, CapabilitiesRestrictedCheck::v1_22, CapabilitiesBaselineCheck.ID),
                VersionedCheck.overriding(25, CapabilitiesRestrictedCheck::v1_25, CapabilitiesBaselineCheck.ID));
    }

    static CheckResult v1_22(ObjectMeta metadata, PodSpec spec) {
        List<String> missingDropAll = null;
        List<String> addingForbidden = null;
        TreeSet<String> forbiddenCapabilities = null;
        for (int i = 0, n = Containers.count(spec); i < n; i++) {
            SecurityContext sc = Containers.securityContext(spec, i);
            Capabilities capabilities = sc == null ? null : sc.getCapabilities();
            if (capabilities == null) {
                if (missingDropAll == null) {
                    missingDropAll = new ArrayList<>();
                }
                missingDropAll.add(Containers.name(spec, i));
                continue;
            }
            if (capabilities.getDrop() == null || !capabilities.getDrop().contains("ALL")) {
                if (missingDropAll == null) {
                    missingDropAll = new ArrayList<>();
                }
                missingDropAll.add(Containers.name(spec, i));
            }
            boolean addedForbidden = false;
            if (capabilities.getAdd() != null) {
                for (String capability : capabilities.getAdd()) {
                    if (!"NET_BIND_SERVICE".equals(capability)) {
                        addedForbidden = true;
                        if (forbiddenCapabilities == null) {
                            forbiddenCapabilities = Messages.sortedSet();
                        }
                        forbiddenCapabilities.add(Messages.name(capability));
                    }
                }
            }
            if (addedForbidden) {
                if (addingForbidden == null) {
                    addingForbidden = new ArrayList<>();
                }
                addingForbidden.add(Containers.name(spec, i));
            }
        }
        if (missingDropAll == null && addingForbidden == null) {
            return ALLOWED;
        }
        List<String> details = new ArrayList<>(2);
        if (missingDropAll != null) {
            details.add(Messages.containers(missingDropAll) + " must set securityContext.capabilities.drop=[\"ALL\"]");
        }
        if (addingForbidden != null) {
            details.add(Messages.containers(addingForbidden) + " must not include "
                    + Messages.joinQuote(forbiddenCapabilities) + " in securityContext.capabilities.add");
        }
        return CheckResult.forbidden(ID, "unrestricted capabilities", Messages.join(details, "; "));
    }

    static CheckResult v1_25(ObjectMeta metadata, PodSpec spec) {
        if (PodFields.isWindows(spec)) {
            return ALLOWED;
        }
        return v1_22(metadata, spec);
    }
}
