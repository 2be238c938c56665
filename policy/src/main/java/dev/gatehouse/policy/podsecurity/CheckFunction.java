package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;

/**
 * One version of one Pod Security check: inspects a pod and says whether it is allowed, and if not, why.
 *
 * <p>Implementations are pure functions of their arguments (thread-safe, no state), never modify the pod and
 * return a shared constant when the pod is allowed, so the common case allocates nothing. The evaluator passes
 * non-null {@code metadata} and {@code spec}; any field inside them may be null.
 */
@FunctionalInterface
public interface CheckFunction {

    CheckResult check(ObjectMeta metadata, PodSpec spec);
}
