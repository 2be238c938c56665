package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Setting the SELinux type is restricted to the container types, and setting a custom SELinux user or role is
 * forbidden: either could lift the pod out of its confinement.
 *
 * <p><b>Restricted Fields:</b>
 * <ul>
 *   <li>spec.securityContext.seLinuxOptions.type</li>
 *   <li>spec.{initContainers,containers,ephemeralContainers}[*].securityContext.seLinuxOptions.type</li>
 * </ul>
 * <b>Allowed Values:</b> undefined/empty, container_t, container_init_t, container_kvm_t; from v1.31 also
 * container_engine_t
 *
 * <p><b>Restricted Fields:</b>
 * <ul>
 *   <li>spec.securityContext.seLinuxOptions.{user,role}</li>
 *   <li>spec.{initContainers,containers,ephemeralContainers}[*].securityContext.seLinuxOptions.{user,role}</li>
 * </ul>
 * <b>Allowed Values:</b> undefined/empty
 */
final class SeLinuxOptionsCheck {

    static final String ID = "seLinuxOptions";
    private static final CheckResult ALLOWED = CheckResult.allowed(ID);

    private static final Set<String> TYPES_V1_0 = Set.of("", "container_t", "container_init_t", "container_kvm_t");
    private static final Set<String> TYPES_V1_31 =
            Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");

    private SeLinuxOptionsCheck() {}

    static PodSecurityCheck definition() {
        return PodSecurityCheck.baseline(ID,
                VersionedCheck.of(0, SeLinuxOptionsCheck::v1_0),
                VersionedCheck.of(31, SeLinuxOptionsCheck::v1_31));
    }

    static CheckResult v1_0(ObjectMeta metadata, PodSpec spec) {
        return check(spec, TYPES_V1_0);
    }

    static CheckResult v1_31(ObjectMeta metadata, PodSpec spec) {
        return check(spec, TYPES_V1_31);
    }

    private static CheckResult check(PodSpec spec, Set<String> allowedTypes) {
        Findings findings = null;
        PodSecurityContext podContext = spec.getSecurityContext();
        if (podContext != null && podContext.getSeLinuxOptions() != null
                && !valid(podContext.getSeLinuxOptions(), allowedTypes)) {
            findings = new Findings();
            findings.record(podContext.getSeLinuxOptions(), allowedTypes);
            findings.setters.add("pod");
        }
        List<String> badContainers = null;
        for (int i = 0, n = Containers.count(spec); i < n; i++) {
            SecurityContext sc = Containers.securityContext(spec, i);
            if (sc == null || sc.getSeLinuxOptions() == null || valid(sc.getSeLinuxOptions(), allowedTypes)) {
                continue;
            }
            if (findings == null) {
                findings = new Findings();
            }
            findings.record(sc.getSeLinuxOptions(), allowedTypes);
            if (badContainers == null) {
                badContainers = new ArrayList<>();
            }
            badContainers.add(Containers.name(spec, i));
        }
        if (findings == null) {
            return ALLOWED;
        }
        if (badContainers != null) {
            findings.setters.add(Messages.containers(badContainers));
        }
        List<String> data = new ArrayList<>(3);
        if (!findings.types.isEmpty()) {
            data.add(Messages.pluralize("type", "types", findings.types.size()) + " " + Messages.joinQuote(findings.types));
        }
        if (findings.user) {
            data.add("user may not be set");
        }
        if (findings.role) {
            data.add("role may not be set");
        }
        return CheckResult.forbidden(ID, "seLinuxOptions",
                Messages.join(findings.setters, " and ") + " set forbidden securityContext.seLinuxOptions: "
                        + Messages.join(data, "; "));
    }

    private static boolean valid(SELinuxOptions options, Set<String> allowedTypes) {
        return allowedTypes.contains(Messages.name(options.getType())) && isEmpty(options.getUser()) && isEmpty(options.getRole());
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }

    /** What was wrong across the pod and its containers; built only once something is. */
    private static final class Findings {
        final List<String> setters = new ArrayList<>(2);
        final TreeSet<String> types = Messages.sortedSet();
        boolean user;
        boolean role;

        void record(SELinuxOptions options, Set<String> allowedTypes) {
            String type = Messages.name(options.getType());
            if (!allowedTypes.contains(type)) {
                types.add(type);
            }
            user |= !isEmpty(options.getUser());
            role |= !isEmpty(options.getRole());
        }
    }
}
