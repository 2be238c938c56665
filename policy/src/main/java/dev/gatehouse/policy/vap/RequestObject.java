package dev.gatehouse.policy.vap;

import dev.gatehouse.policy.cel.AdmissionRequestJson;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The values CEL sees as {@code request} and {@code namespaceObject}, built once per request. Stateless and
 * thread-safe.
 */
final class RequestObject {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The metadata fields Kubernetes keeps in namespaceObject; managed fields and owner references are left out. */
    private static final Set<String> NAMESPACE_METADATA = Set.of("name", "generateName", "namespace", "uid",
            "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
            "labels", "annotations", "finalizers");

    private RequestObject() {}

    /**
     * The admission request as {@code request}: empty name, namespace and sub-resource are left out; name and
     * namespace fall back to the object's metadata when the review has none (offline reviews).
     */
    static JsonNode request(RequestAttributes attributes) {
        // For a Namespace object the namespace is its own name, as the API server sets it (RequestAttributes).
        return AdmissionRequestJson.of(attributes.review(), attributes.resource(), attributes.name(),
                attributes.namespace());
    }

    /** The Namespace reduced to what Kubernetes exposes as {@code namespaceObject}; null stays null. */
    static JsonNode namespace(JsonNode namespace) {
        if (namespace == null || !namespace.isObject()) {
            return null;
        }
        ObjectNode out = NODES.objectNode();
        for (String field : new String[] {"apiVersion", "kind", "spec", "status"}) {
            if (namespace.has(field)) {
                out.set(field, namespace.get(field));
            }
        }
        ObjectNode metadata = out.putObject("metadata");
        for (var e : namespace.path("metadata").properties()) {
            if (NAMESPACE_METADATA.contains(e.getKey())) {
                metadata.set(e.getKey(), e.getValue());
            }
        }
        return out;
    }
}
