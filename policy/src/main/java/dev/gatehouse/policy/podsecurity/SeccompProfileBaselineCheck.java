package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * If a seccomp profile is specified, only the runtime default or a profile loaded on the node is allowed: an
 * unconfined profile opens every system call to the container.
 *
 * <p>v1.0 – v1.18 (the alpha annotations, before the field existed):
 * <b>Restricted Fields:</b>
 * <ul>
 *   <li>metadata.annotations['seccomp.security.alpha.kubernetes.io/pod']</li>
 *   <li>metadata.annotations['container.seccomp.security.alpha.kubernetes.io/*'] (for each container's name)</li>
 * </ul>
 * <b>Allowed Values:</b> 'runtime/default', 'docker/default', 'localhost/*', undefined
 *
 * <p>v1.19+ (the fields):
 * <b>Restricted Fields:</b>
 * <ul>
 *   <li>spec.securityContext.seccompProfile.type</li>
 *   <li>spec.{initContainers,containers,ephemeralContainers}[*].securityContext.seccompProfile.type</li>
 * </ul>
 * <b>Allowed Values:</b> 'RuntimeDefault', 'Localhost', undefined
 *
 * <p>Replaced at restricted level from v1.19 by {@link SeccompProfileRestrictedCheck}.
 */
final class SeccompProfileBaselineCheck {

    static final String ID = "seccompProfile_baseline";
    private static final CheckResult ALLOWED = CheckResult.allowed(ID);
    private static final String POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
    private static final String CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";

    private SeccompProfileBaselineCheck() {}

    static PodSecurityCheck definition() {
        return PodSecurityCheck.baseline(ID,
                VersionedCheck.of(0, SeccompProfileBaselineCheck::v1_0),
                VersionedCheck.of(19, SeccompProfileBaselineCheck::v1_19));
    }

    static CheckResult v1_0(ObjectMeta metadata, PodSpec spec) {
        Map<String, String> annotations = PodFields.annotations(metadata);
        if (annotations.isEmpty()) {
            return ALLOWED;
        }
        TreeSet<String> forbidden = Messages.sortedSet();
        // A present but empty value is forbidden too: only the listed profiles are allowed.
        if (annotations.containsKey(POD_ANNOTATION)) {
            String value = Messages.name(annotations.get(POD_ANNOTATION));
            if (!validAnnotationValue(value)) {
                forbidden.add(Messages.keyValue(POD_ANNOTATION, value));
            }
        }
        for (int i = 0, n = Containers.count(spec); i < n; i++) {
            String key = CONTAINER_ANNOTATION_PREFIX + Containers.name(spec, i);
            if (annotations.containsKey(key)) {
                String value = Messages.name(annotations.get(key));
                if (!validAnnotationValue(value)) {
                    forbidden.add(Messages.keyValue(key, value));
                }
            }
        }
        if (forbidden.isEmpty()) {
            return ALLOWED;
        }
        return CheckResult.forbidden(ID, "seccompProfile",
                "forbidden " + Messages.pluralize("annotation", "annotations", forbidden.size()) + " "
                        + Messages.join(forbidden, ", "));
    }

    static CheckResult v1_19(ObjectMeta metadata, PodSpec spec) {
        List<String> setters = null;
        TreeSet<String> badTypes = null;
        PodSecurityContext podContext = spec.getSecurityContext();
        if (podContext != null && podContext.getSeccompProfile() != null && !validType(podContext.getSeccompProfile())) {
            setters = new ArrayList<>(2);
            setters.add("pod");
            badTypes = Messages.sortedSet();
            badTypes.add(Messages.name(podContext.getSeccompProfile().getType()));
        }
        List<String> badContainers = null;
        for (int i = 0, n = Containers.count(spec); i < n; i++) {
            SecurityContext sc = Containers.securityContext(spec, i);
            if (sc == null || sc.getSeccompProfile() == null || validType(sc.getSeccompProfile())) {
                continue;
            }
            if (badContainers == null) {
                badContainers = new ArrayList<>();
            }
            badContainers.add(Containers.name(spec, i));
            if (badTypes == null) {
                badTypes = Messages.sortedSet();
            }
            badTypes.add(Messages.name(sc.getSeccompProfile().getType()));
        }
        if (setters == null && badContainers == null) {
            return ALLOWED;
        }
        if (badContainers != null) {
            if (setters == null) {
                setters = new ArrayList<>(1);
            }
            setters.add(Messages.containers(badContainers));
        }
        return CheckResult.forbidden(ID, "seccompProfile",
                Messages.join(setters, " and ") + " must not set securityContext.seccompProfile.type to "
                        + Messages.joinQuote(badTypes));
    }

    /** Whether the profile type is one of the confined ones; shared with the restricted check. */
    static boolean validType(SeccompProfile profile) {
        String type = profile.getType();
        return "RuntimeDefault".equals(type) || "Localhost".equals(type);
    }

    private static boolean validAnnotationValue(String value) {
        return value.equals("runtime/default") || value.equals("docker/default") || value.startsWith("localhost/");
    }
}
