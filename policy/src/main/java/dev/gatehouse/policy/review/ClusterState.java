package dev.gatehouse.policy.review;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/**
 * What the engine may ask of the cluster. In a cluster it is answered from informer caches; in the CLI and in
 * tests from manifest files. Implementations are thread-safe and return objects the caller must not modify.
 */
public interface ClusterState {

    /** The namespace with this name, or empty when it does not exist. */
    Optional<Namespace> namespace(String name) throws ClusterStateException;

    /** Every pod in the namespace (possibly empty). */
    List<Pod> pods(String namespace) throws ClusterStateException;

    /** Thrown when the state cannot be read (the API is unreachable, a cache is not synced). */
    final class ClusterStateException extends Exception {
        public ClusterStateException(String message) {
            super(message);
        }

        public ClusterStateException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
