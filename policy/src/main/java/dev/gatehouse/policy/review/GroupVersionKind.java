package dev.gatehouse.policy.review;

/** A Kubernetes kind with its group and version; the core group is the empty string. */
public record GroupVersionKind(String group, String version, String kind) {
    public GroupVersionKind {
        group = group == null ? "" : group;
        version = version == null ? "" : version;
        kind = kind == null ? "" : kind;
    }
}
