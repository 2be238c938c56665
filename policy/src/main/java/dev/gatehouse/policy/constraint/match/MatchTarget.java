package dev.gatehouse.policy.constraint.match;

import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One object to match: its API group and kind, the object itself, the Namespace object it lives in when known,
 * and whether it was generated (by expansion) rather than sent by a client.
 *
 * @param namespaceObject the object's Namespace, or null when unknown or the object is cluster-scoped
 * @param namespace the object's metadata.namespace, empty for cluster-scoped objects: read once here, since every
 *     constraint's match asks for it
 */
public record MatchTarget(String group, String kind, JsonNode object, JsonNode namespaceObject, boolean generated,
        String namespace) {
    public MatchTarget {
        group = group == null ? "" : group;
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(namespace, "namespace");
    }

    /** A target whose namespace is the object's metadata.namespace. */
    public MatchTarget(String group, String kind, JsonNode object, JsonNode namespaceObject, boolean generated) {
        this(group, kind, object, namespaceObject, generated,
                Objects.requireNonNull(object, "object").path("metadata").path("namespace").asString(""));
    }

    /** Whether the object is a core Namespace. */
    public boolean isNamespace() {
        return group.isEmpty() && kind.equals("Namespace");
    }
}
