package dev.gatehouse.rego.eval;

import dev.gatehouse.rego.value.Value;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluations that may share what they compute from the same input: the constraints of one admission review, each
 * its own policy with its own query, evaluated on the same {@code input.review}. A rule document that reads one input
 * member and nothing else ({@link dev.gatehouse.rego.compiler.SharedDocumentKey}), and the result of a user function
 * that reads its arguments and known input paths ({@link dev.gatehouse.rego.compiler.SharedFunctionKey}), are then
 * computed once for all of them whenever their rules are the same, whatever package holds them.
 *
 * <p>A scope lives as long as its caller keeps it (one review); it never carries anything over to evaluations
 * outside it. Thread-safe. Bounded: past {@link #CAPACITY} entries it starts over.
 */
public final class EvaluationScope {
    /** Far more than one review's policies compute; a bound only against pathological policies. */
    static final int CAPACITY = 4096;

    private final Map<Object, Value> shared = new ConcurrentHashMap<>();

    /** An empty scope. */
    public EvaluationScope() {}

    /** The shared value under a key (possibly the evaluator's marker for undefined), or null. */
    Value get(Object key) {
        return shared.get(key);
    }

    void put(Object key, Value value) {
        if (shared.size() >= CAPACITY) {
            shared.clear();
        }
        shared.put(key, value);
    }
}
