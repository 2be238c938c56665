package dev.gatehouse.policy.cel;

import dev.gatehouse.policy.review.GroupVersionResource;
import dev.gatehouse.policy.review.Review;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The admission request as CEL expressions see it in {@code request}, for Gatekeeper's K8sNativeValidation and for
 * ValidatingAdmissionPolicies alike: empty names, namespaces and sub-resources are left out, as the API server
 * leaves them unset. Stateless and thread-safe.
 */
public final class AdmissionRequestJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AdmissionRequestJson() {}

    /**
     * The request of a review, with the resource, name and namespace the caller settled on (offline reviews take
     * them from the object when the review has none).
     */
    public static JsonNode of(Review review, GroupVersionResource resource, String name, String namespace) {
        ObjectNode request = NODES.objectNode();
        ObjectNode kind = request.putObject("kind");
        kind.put("group", review.kind().group());
        kind.put("version", review.kind().version());
        kind.put("kind", review.kind().kind());
        ObjectNode res = request.putObject("resource");
        res.put("group", resource.group());
        res.put("version", resource.version());
        res.put("resource", resource.resource());
        request.set("requestKind", kind.deepCopy());
        request.set("requestResource", res.deepCopy());
        if (!review.subResource().isEmpty()) {
            request.put("subResource", review.subResource());
            request.put("requestSubResource", review.subResource());
        }
        if (!name.isEmpty()) {
            request.put("name", name);
        }
        if (!namespace.isEmpty()) {
            request.put("namespace", namespace);
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
}
