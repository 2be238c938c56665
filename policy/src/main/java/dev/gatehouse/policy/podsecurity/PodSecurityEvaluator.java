package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;

/**
 * Evaluates a pod's metadata and spec against a Pod Security level and version. Implementations are immutable
 * and thread-safe; the checks for each level and version are resolved once, not per call.
 *
 * <pre>{@code
 * EvaluationResult result = evaluator.evaluate(LevelVersion.of(Level.RESTRICTED, Version.LATEST), pod.getMetadata(), pod.getSpec());
 * if (!result.allowed()) System.out.println(result.reasonsWithDetails());
 * }</pre>
 */
public interface PodSecurityEvaluator {

    /**
     * Evaluates the pod. {@code metadata} and {@code spec} may be null (treated as empty); neither is modified.
     */
    EvaluationResult evaluate(LevelVersion levelVersion, ObjectMeta metadata, PodSpec spec);
}
