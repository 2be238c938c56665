package dev.gatehouse.policy.review;

import tools.jackson.databind.JsonNode;

/** A Kubernetes kind with its group and version; the core group is the empty string. */
public record GroupVersionKind(String group, String version, String kind) {
    public GroupVersionKind {
        group = group == null ? "" : group;
        version = version == null ? "" : version;
        kind = kind == null ? "" : kind;
    }

    /** The kind an {@code apiVersion} ({@code group/version}, or {@code version} for the core group) names. */
    public static GroupVersionKind of(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        return new GroupVersionKind(slash < 0 ? "" : apiVersion.substring(0, slash),
                slash < 0 ? apiVersion : apiVersion.substring(slash + 1), kind);
    }

    /** The kind of an object, from its {@code apiVersion} and {@code kind} (empty when absent). */
    public static GroupVersionKind ofObject(JsonNode object) {
        return of(object.path("apiVersion").asString(""), object.path("kind").asString(""));
    }
}
