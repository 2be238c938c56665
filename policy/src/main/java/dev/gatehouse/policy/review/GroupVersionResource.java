package dev.gatehouse.policy.review;

/** A Kubernetes resource (plural, lower case) with its group and version; the core group is the empty string. */
public record GroupVersionResource(String group, String version, String resource) {
    public GroupVersionResource {
        group = group == null ? "" : group;
        version = version == null ? "" : version;
        resource = resource == null ? "" : resource;
    }
}
