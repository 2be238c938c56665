package dev.gatehouse.auth.tokens;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.Optional;

/**
 * The cluster objects a bound token refers to, as the issuer and the verifier look them up (kube-apiserver's
 * ServiceAccountTokenGetter). In the server it is answered from informer caches; in the CLI and tests from manifest
 * files ({@link StaticTokenObjects}). Implementations are thread-safe and return objects the caller must not modify;
 * lookups must be cheap (they run on every uncached verification).
 */
public interface TokenObjects {

    Optional<ServiceAccount> serviceAccount(String namespace, String name) throws LookupException;

    Optional<Pod> pod(String namespace, String name) throws LookupException;

    Optional<Secret> secret(String namespace, String name) throws LookupException;

    Optional<Node> node(String name) throws LookupException;

    /** The state cannot be read (API unreachable, cache not synced): not the same as "not found". */
    final class LookupException extends Exception {
        public LookupException(String message) {
            super(message);
        }

        public LookupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
