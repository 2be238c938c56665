package dev.gatehouse.policy.vap;

import dev.gatehouse.policy.constraint.match.LabelSelector;
import dev.gatehouse.policy.review.Operation;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * A policy's {@code matchConstraints} or a binding's {@code matchResources}, matched in the API server's order:
 * namespace selector, object selector (on the object or the old object), excluded rules (exclusion wins), then
 * resource rules (none = everything, used by bindings). A namespace selector that needs an unknown Namespace is an
 * error, reported only when the request otherwise matches, as upstream does.
 *
 * @param matchPolicy {@code Equivalent} (default) or {@code Exact}; offline there is no discovery of equivalent
 *                    resources, so both match the request's own group, version and resource
 */
public record MatchResources(LabelSelector namespaceSelector, LabelSelector objectSelector,
        List<ResourceRule> resourceRules, List<ResourceRule> excludeResourceRules, String matchPolicy) {

    /** Thrown when matching needs a Namespace that cannot be found. */
    static final class MatchError extends Exception {
        private static final long serialVersionUID = 1L;

        MatchError(String message) {
            super(message);
        }
    }

    public MatchResources {
        Objects.requireNonNull(namespaceSelector, "namespaceSelector");
        Objects.requireNonNull(objectSelector, "objectSelector");
        resourceRules = List.copyOf(resourceRules);
        excludeResourceRules = List.copyOf(excludeResourceRules);
        matchPolicy = matchPolicy == null || matchPolicy.isEmpty() ? "Equivalent" : matchPolicy;
    }

    /**
     * Whether the request matches.
     *
     * @param namespaces the Namespace object with a name, or null when it does not exist
     * @throws MatchError when the request matches but for a namespace selector whose Namespace is unknown
     */
    boolean matches(RequestAttributes request, Function<String, JsonNode> namespaces) throws MatchError {
        String namespaceError = null;
        boolean namespaceMatches;
        try {
            namespaceMatches = namespaceMatches(request, namespaces);
        } catch (MatchError e) {
            namespaceMatches = false;
            namespaceError = e.getMessage();
        }
        if (!namespaceMatches && namespaceError == null) {
            return false;
        }
        if (!objectMatches(request)) {
            return false;
        }
        for (ResourceRule rule : excludeResourceRules) {
            if (rule.matches(request)) {
                return false;
            }
        }
        boolean included = resourceRules.isEmpty();
        for (ResourceRule rule : resourceRules) {
            if (rule.matches(request)) {
                included = true;
                break;
            }
        }
        if (!included) {
            return false;
        }
        if (namespaceError != null) {
            throw new MatchError(namespaceError);
        }
        return true;
    }

    private boolean namespaceMatches(RequestAttributes request, Function<String, JsonNode> namespaces)
            throws MatchError {
        if (request.namespace().isEmpty() && !request.isNamespace()) {
            // Cluster-scoped objects other than Namespaces are never excluded by a namespace selector.
            return true;
        }
        if (isEmpty(namespaceSelector)) {
            return true;
        }
        Map<String, String> labels;
        if (request.isNamespace() && request.subResource().isEmpty()
                && (request.operation() == Operation.CREATE || request.operation() == Operation.UPDATE)
                && request.object() != null) {
            // The Namespace being written is not stored yet: its labels come from the request.
            labels = LabelSelector.labelsOf(request.object());
        } else {
            JsonNode namespace = namespaces.apply(request.namespace());
            if (namespace == null) {
                throw new MatchError("namespaces \"" + request.namespace() + "\" not found");
            }
            labels = LabelSelector.labelsOf(namespace);
        }
        return namespaceSelector.matches(labels);
    }

    private boolean objectMatches(RequestAttributes request) {
        if (isEmpty(objectSelector)) {
            return true;
        }
        return matchesObject(request.object()) || matchesObject(request.oldObject());
    }

    private boolean matchesObject(JsonNode object) {
        return object != null && object.isObject() && objectSelector.matches(LabelSelector.labelsOf(object));
    }

    private static boolean isEmpty(LabelSelector selector) {
        return selector.matchLabels().isEmpty() && selector.matchExpressions().isEmpty();
    }
}
