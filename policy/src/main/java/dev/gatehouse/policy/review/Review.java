package dev.gatehouse.policy.review;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One admission request, decoded once and immutable: what the webhook, the audit sweep and the CLI hand to the
 * engine. {@code object} and {@code oldObject} are the parsed JSON trees of the request (null when absent, e.g.
 * {@code oldObject} on CREATE); nothing re-serialises them on the hot path.
 *
 * @param uid         request.uid, echoed in the response
 * @param subResource empty string when the request is for the main resource
 * @param userInfo    the requesting user; username is empty when unknown
 */
public record Review(
        String uid,
        GroupVersionKind kind,
        GroupVersionResource resource,
        String subResource,
        String name,
        String namespace,
        Operation operation,
        UserInfo userInfo,
        JsonNode object,
        JsonNode oldObject,
        boolean dryRun) {

    public Review {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(operation, "operation");
        uid = uid == null ? "" : uid;
        subResource = subResource == null ? "" : subResource;
        name = name == null ? "" : name;
        namespace = namespace == null ? "" : namespace;
        userInfo = userInfo == null ? UserInfo.ANONYMOUS : userInfo;
    }

    /** The requesting user as the API server authenticated it. */
    public record UserInfo(String username, String uid, List<String> groups, Map<String, List<String>> extra) {
        public static final UserInfo ANONYMOUS = new UserInfo("", "", List.of(), Map.of());

        public UserInfo {
            username = username == null ? "" : username;
            uid = uid == null ? "" : uid;
            groups = groups == null ? List.of() : List.copyOf(groups);
            extra = extra == null ? Map.of() : Map.copyOf(extra);
        }
    }
}
