package dev.gatehouse.policy.constraint.match;

import java.util.List;
import java.util.Map;

/**
 * Decides whether a {@link Match} selects a {@link MatchTarget}, criterion by criterion as Gatekeeper does. The
 * namespace compared is the object's own name when it is a Namespace, else its Namespace object's name, else
 * metadata.namespace; cluster-scoped objects other than Namespaces pass every namespace criterion.
 *
 * <p>Stateless and thread-safe.
 */
public final class Matcher {
    private Matcher() {}

    /**
     * Whether every criterion holds.
     *
     * @throws MatchException when a namespaceSelector needs the Namespace of a namespaced object and it is unknown
     */
    public static boolean matches(Match match, MatchTarget target) throws MatchException {
        return kinds(match, target)
                && scope(match, target)
                && namespaces(match, target)
                && excludedNamespaces(match, target)
                && labelSelector(match, target)
                && namespaceSelector(match, target)
                && name(match, target)
                && source(match, target);
    }

    static boolean kinds(Match match, MatchTarget target) {
        if (match.kinds().isEmpty()) {
            return true;
        }
        for (KindSelector selector : match.kinds()) {
            if (selector.matches(target.group(), target.kind())) {
                return true;
            }
        }
        return false;
    }

    static boolean scope(Match match, MatchTarget target) {
        boolean clusterScoped = target.isNamespace() || target.namespace().isEmpty();
        return switch (match.scope()) {
            case "Cluster" -> clusterScoped;
            case "Namespaced" -> !clusterScoped;
            default -> true;
        };
    }

    /** The namespace the namespace criteria compare, or null for cluster-scoped non-Namespace objects. */
    static String namespaceName(MatchTarget target) {
        if (target.isNamespace()) {
            return target.object().path("metadata").path("name").asString("");
        }
        if (target.namespaceObject() != null) {
            String name = target.namespaceObject().path("metadata").path("name").asString("");
            if (!name.isEmpty()) {
                return name;
            }
        }
        String ns = target.namespace();
        return ns.isEmpty() ? null : ns;
    }

    static boolean namespaces(Match match, MatchTarget target) {
        if (match.namespaces().isEmpty()) {
            return true;
        }
        String ns = namespaceName(target);
        return ns == null || anyMatches(match.namespaces(), ns);
    }

    static boolean excludedNamespaces(Match match, MatchTarget target) {
        if (match.excludedNamespaces().isEmpty()) {
            return true;
        }
        String ns = namespaceName(target);
        return ns == null || !anyMatches(match.excludedNamespaces(), ns);
    }

    static boolean labelSelector(Match match, MatchTarget target) {
        // No Optional.map: its capturing lambda would be allocated for every constraint of every review.
        if (match.labelSelector().isEmpty()) {
            return true;
        }
        return match.labelSelector().get().matches(LabelSelector.labelsOf(target.object()));
    }

    static boolean namespaceSelector(Match match, MatchTarget target) throws MatchException {
        if (match.namespaceSelector().isEmpty()) {
            return true;
        }
        LabelSelector selector = match.namespaceSelector().get();
        if (target.isNamespace()) {
            return selector.matches(LabelSelector.labelsOf(target.object()));
        }
        if (target.namespace().isEmpty()) {
            return true;
        }
        if (target.namespaceObject() == null) {
            throw new MatchException("namespace selector for namespace-scoped object but missing Namespace \""
                    + target.namespace() + "\"");
        }
        Map<String, String> labels = LabelSelector.labelsOf(target.namespaceObject());
        return selector.matches(labels);
    }

    static boolean name(Match match, MatchTarget target) {
        if (match.name().isEmpty()) {
            return true;
        }
        Wildcard pattern = match.name().get();
        String name = target.object().path("metadata").path("name").asString("");
        if (!name.isEmpty()) {
            return pattern.matches(name);
        }
        return pattern.matchesGenerateName(target.object().path("metadata").path("generateName").asString(""));
    }

    static boolean source(Match match, MatchTarget target) {
        return switch (match.source()) {
            case ALL -> true;
            case ORIGINAL -> !target.generated();
            case GENERATED -> target.generated();
        };
    }

    private static boolean anyMatches(List<Wildcard> patterns, String value) {
        for (Wildcard w : patterns) {
            if (w.matches(value)) {
                return true;
            }
        }
        return false;
    }
}
