package dev.gatehouse.policy.constraint.match;

import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One object to match: its API group and kind, the object itself, the Namespace object it lives in when known,
 * and whether it was generated (by expansion) rather than sent by a client.
 *
 * @param namespaceObject the object's Namespace, or null when unknown or the object is cluster-scoped
 */
public record MatchTarget(String group, String kind, JsonNode object, JsonNode namespaceObject, boolean generated) {
    public MatchTarget {
        group = group == null ? "" : group;
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(object, "object");
    }

    /** Whether the object is a core Namespace. */
    public boolean isNamespace() {
        return group.isEmpty() && kind.equals("Namespace");
    }

    /** metadata.namespace, empty for cluster-scoped objects. */
    public String namespace() {
        return object.path("metadata").path("namespace").asString("");
    }
}
