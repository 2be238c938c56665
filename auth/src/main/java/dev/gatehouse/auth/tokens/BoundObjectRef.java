package dev.gatehouse.auth.tokens;

/**
 * TokenRequest {@code spec.boundObjectRef}: the object whose lifetime bounds the token. Kind Pod, Secret or Node in
 * the core group ({@code apiVersion} "v1" or empty); {@code uid}, when given, must match the object's.
 */
public record BoundObjectRef(String kind, String apiVersion, String name, String uid) {
    public BoundObjectRef {
        kind = kind == null ? "" : kind;
        apiVersion = apiVersion == null ? "" : apiVersion;
        name = name == null ? "" : name;
        uid = uid == null ? "" : uid;
    }

    /** The API group of {@link #apiVersion()}: the part before "/", empty for "v1" (the core group). */
    String group() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** The version part of {@link #apiVersion()}. */
    String version() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    }

    /** How Go's schema.GroupVersionKind prints itself ("/v1, Kind=ConfigMap", "apps/v1, Kind=Deployment"). */
    String gvkString() {
        return group() + "/" + version() + ", Kind=" + kind;
    }
}
