package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * On supported hosts the runtime's default AppArmor profile is applied; baseline forbids disabling it or
 * replacing it with anything but a profile loaded on the node.
 *
 * <p><b>Restricted Fields:</b>
 * <ul>
 *   <li>metadata.annotations['container.apparmor.security.beta.kubernetes.io/*']</li>
 * </ul>
 * <b>Allowed Values:</b> 'runtime/default', 'localhost/*', empty, undefined
 *
 * <p><b>Restricted Fields:</b>
 * <ul>
 *   <li>spec.securityContext.appArmorProfile.type</li>
 *   <li>spec.containers[*].securityContext.appArmorProfile.type</li>
 *   <li>spec.initContainers[*].securityContext.appArmorProfile.type</li>
 *   <li>spec.ephemeralContainers[*].securityContext.appArmorProfile.type</li>
 * </ul>
 * <b>Allowed Values:</b> 'RuntimeDefault', 'Localhost', undefined
 *
 * <p>The profile fields are checked at every version: a pod that sets them at an old version is just as unconfined.
 */
final class AppArmorProfileCheck {

    static final String ID = "appArmorProfile";
    private static final CheckResult ALLOWED = CheckResult.allowed(ID);
    private static final String ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

    private AppArmorProfileCheck() {}

    static PodSecurityCheck definition() {
        return PodSecurityCheck.baseline(ID, VersionedCheck.of(0, AppArmorProfileCheck::v1_0));
    }

    static CheckResult v1_0(ObjectMeta metadata, PodSpec spec) {
        List<String> setters = null;
        TreeSet<String> badTypes = null;

        PodSecurityContext podContext = spec.getSecurityContext();
        if (podContext != null && podContext.getAppArmorProfile() != null && !allowedType(podContext.getAppArmorProfile())) {
            setters = new ArrayList<>();
            setters.add("pod");
            badTypes = Messages.sortedSet();
            badTypes.add(Messages.name(podContext.getAppArmorProfile().getType()));
        }

        List<String> badContainers = null;
        for (int i = 0, n = Containers.count(spec); i < n; i++) {
            SecurityContext sc = Containers.securityContext(spec, i);
            if (sc != null && sc.getAppArmorProfile() != null && !allowedType(sc.getAppArmorProfile())) {
                if (badContainers == null) {
                    badContainers = new ArrayList<>();
                }
                badContainers.add(Containers.name(spec, i));
                if (badTypes == null) {
                    badTypes = Messages.sortedSet();
                }
                badTypes.add(Messages.name(sc.getAppArmorProfile().getType()));
            }
        }
        if (badContainers != null) {
            if (setters == null) {
                setters = new ArrayList<>();
            }
            setters.add(Messages.containers(badContainers));
        }

        List<String> badAnnotations = null;
        for (Map.Entry<String, String> annotation : PodFields.annotations(metadata).entrySet()) {
            String key = annotation.getKey();
            String value = Messages.name(annotation.getValue());
            if (key != null && key.startsWith(ANNOTATION_PREFIX) && !allowedAnnotationValue(value)) {
                if (badAnnotations == null) {
                    badAnnotations = new ArrayList<>();
                }
                badAnnotations.add(Messages.keyValue(key, value));
            }
        }

        if (setters == null && badAnnotations == null) {
            return ALLOWED;
        }
        // Types first (sorted), then the offending annotations (sorted), as one quoted list.
        List<String> badValues = badTypes == null ? new ArrayList<>() : new ArrayList<>(badTypes);
        if (badAnnotations != null) {
            badAnnotations.sort(Messages.BYTE_ORDER);
            badValues.addAll(badAnnotations);
            if (setters == null) {
                setters = new ArrayList<>();
            }
            setters.add(Messages.pluralize("annotation", "annotations", badAnnotations.size()));
        }
        return CheckResult.forbidden(ID,
                Messages.pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", badValues.size()),
                Messages.join(setters, " and ") + " must not set AppArmor profile type to " + Messages.joinQuote(badValues));
    }

    private static boolean allowedType(AppArmorProfile profile) {
        String type = profile.getType();
        return "RuntimeDefault".equals(type) || "Localhost".equals(type);
    }

    private static boolean allowedAnnotationValue(String value) {
        return value.isEmpty() || value.equals("runtime/default") || value.startsWith("localhost/");
    }
}
