package dev.gatehouse.auth.tokens;

/**
 * A {name, uid} reference inside the {@code kubernetes.io} claim. Either part may be empty (upstream omits empty
 * strings): a pod-bound token names the pod's node without a uid when the Node object did not exist.
 */
public record ObjectRef(String name, String uid) {
    public ObjectRef {
        name = name == null ? "" : name;
        uid = uid == null ? "" : uid;
    }
}
