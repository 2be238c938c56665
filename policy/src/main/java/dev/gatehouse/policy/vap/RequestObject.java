package dev.gatehouse.policy.vap;

import dev.gatehouse.policy.review.Review;
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
        Review review = attributes.review();
        ObjectNode request = NODES.objectNode();
        ObjectNode kind = request.putObject("kind");
        kind.put("group", review.kind().group());
        kind.put("version", review.kind().version());
        kind.put("kind", review.kind().kind());
        ObjectNode resource = request.putObject("resource");
        resource.put("group", attributes.resource().group());
        resource.put("version", attributes.resource().version());
        resource.put("resource", attributes.resource().resource());
        request.set("requestKind", kind.deepCopy());
        request.set("requestResource", resource.deepCopy());
        if (!review.subResource().isEmpty()) {
            request.put("subResource", review.subResource());
            request.put("requestSubResource", review.subResource());
        }
        if (!attributes.name().isEmpty()) {
            request.put("name", attributes.name());
        }
        if (!attributes.namespace().isEmpty()) {
            // For a Namespace object this is its own name, as the API server sets it.
            request.put("namespace", attributes.namespace());
        }
        request.put("operation", review.operation().name());
        ObjectNode user = request.putObject("userInfo");
        user.put("username", review.userInfo().username());
        if (!review.userInfo().uid().isEmpty()) {
            user.put("uid", review.userInfo().uid());
        }
        review.userInfo().groups().forEach(user.putArray("groups")::add);
        ObjectNode extra = user.putObject("extra");
        review.userInfo().extra().forEach((k, v) -> v.forEach(extra.putArray(k)::add));
        request.put("dryRun", review.dryRun());
        return request;
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
