package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A seccomp profile must be set, and only the runtime default or a profile loaded on the node is allowed.
 * Replaces {@link SeccompProfileBaselineCheck} at restricted level from its first version.
 *
 * <p><b>Restricted Fields:</b>
 * <ul>
 *   <li>spec.securityContext.seccompProfile.type</li>
 *   <li>spec.{initContainers,containers,ephemeralContainers}[*].securityContext.seccompProfile.type</li>
 * </ul>
 *
 * <p><b>Allowed Values:</b> 'RuntimeDefault', 'Localhost'; container-level fields may be undefined if the pod
 * level is set to an allowed value.
 *
 * <p>From v1.19, when the field was introduced; from v1.25 Windows pods are exempt (no seccomp on Windows).
 */
final class SeccompProfileRestrictedCheck {

    static final String ID = "seccompProfile_restricted";
    private static final CheckResult ALLOWED = CheckResult.allowed(ID);

    private SeccompProfileRestrictedCheck() {}

    static PodSecurityCheck definition() {
        return PodSecurityCheck.restricted(ID,
                VersionedCheck.overriding(19, SeccompProfileRestrictedCheck::v1_19, SeccompProfileBaselineCheck.ID),
                VersionedCheck.overriding(25, SeccompProfileRestrictedCheck::v1_25, SeccompProfileBaselineCheck.ID));
    }

    static CheckResult v1_19(ObjectMeta metadata, PodSpec spec) {
        List<String> setters = null;
        TreeSet<String> badTypes = null;
        boolean podSet = false;
        PodSecurityContext podContext = spec.getSecurityContext();
        if (podContext != null && podContext.getSeccompProfile() != null) {
            if (SeccompProfileBaselineCheck.validType(podContext.getSeccompProfile())) {
                podSet = true;
            } else {
                setters = new ArrayList<>(2);
                setters.add("pod");
                badTypes = Messages.sortedSet();
                badTypes.add(Messages.name(podContext.getSeccompProfile().getType()));
            }
        }
        List<String> explicitlyBad = null;
        List<String> implicitlyBad = null;
        for (int i = 0, n = Containers.count(spec); i < n; i++) {
            SecurityContext sc = Containers.securityContext(spec, i);
            if (sc != null && sc.getSeccompProfile() != null) {
                if (!SeccompProfileBaselineCheck.validType(sc.getSeccompProfile())) {
                    if (explicitlyBad == null) {
                        explicitlyBad = new ArrayList<>();
                    }
                    explicitlyBad.add(Containers.name(spec, i));
                    if (badTypes == null) {
                        badTypes = Messages.sortedSet();
                    }
                    badTypes.add(Messages.name(sc.getSeccompProfile().getType()));
                }
            } else if (!podSet) {
                if (implicitlyBad == null) {
                    implicitlyBad = new ArrayList<>();
                }
                implicitlyBad.add(Containers.name(spec, i));
            }
        }
        if (explicitlyBad != null) {
            if (setters == null) {
                setters = new ArrayList<>(1);
            }
            setters.add(Messages.containers(explicitlyBad));
        }
        if (setters != null) {
            return CheckResult.forbidden(ID, "seccompProfile",
                    Messages.join(setters, " and ") + " must not set securityContext.seccompProfile.type to "
                            + Messages.joinQuote(badTypes));
        }
        if (implicitlyBad != null) {
            return CheckResult.forbidden(ID, "seccompProfile",
                    "pod or " + Messages.containers(implicitlyBad)
                            + " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"");
        }
        return ALLOWED;
    }

    static CheckResult v1_25(ObjectMeta metadata, PodSpec spec) {
        if (PodFields.isWindows(spec)) {
            return ALLOWED;
        }
        return v1_19(metadata, spec);
    }
}
