package dev.gatehouse.policy.vap;

import dev.gatehouse.policy.review.GroupVersionResource;
import dev.gatehouse.policy.review.Operation;
import dev.gatehouse.policy.review.Review;
import tools.jackson.databind.JsonNode;

/**
 * What matching looks at in a request, derived once from a {@link Review}: the resource (the request's, or when a
 * review carries none, the conventional plural of its kind, as offline reviews have no discovery), sub-resource,
 * name, namespace, operation and objects.
 *
 * @param namespace the request's namespace; for a Namespace object its own name, as the API server sets it
 */
record RequestAttributes(Review review, GroupVersionResource resource, String subResource, String name,
        String namespace, Operation operation, JsonNode object, JsonNode oldObject) {

    static RequestAttributes of(Review review) {
        GroupVersionResource resource = review.resource();
        if (resource.resource().isEmpty()) {
            resource = GroupVersionResource.guessFor(review.kind());
        }
        JsonNode any = review.object() != null ? review.object() : review.oldObject();
        String name = review.name();
        if (name.isEmpty() && any != null) {
            name = any.path("metadata").path("name").asString("");
        }
        String namespace = review.namespace();
        if (namespace.isEmpty() && any != null) {
            namespace = any.path("metadata").path("namespace").asString("");
        }
        if (isNamespaceResource(resource) && namespace.isEmpty()) {
            namespace = name;
        }
        return new RequestAttributes(review, resource, review.subResource(), name, namespace, review.operation(),
                review.object(), review.oldObject());
    }

    /** Whether the request is about a core Namespace object (which the API server treats as cluster-scoped). */
    boolean isNamespace() {
        return isNamespaceResource(resource);
    }

    private static boolean isNamespaceResource(GroupVersionResource resource) {
        return resource.group().isEmpty() && resource.resource().equals("namespaces");
    }

}
