package dev.gatehouse.rego.compiler;

import dev.gatehouse.rego.value.Value;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Results of calls of a policy's pure functions (see {@link CompiledPolicy#sharesResults}), shared by all its
 * evaluations: unit parsing helpers and the like are then computed once per distinct argument, not once per
 * request. Bounded: when full it is cleared wholesale, so a stream of distinct arguments costs little memory.
 * Keys and values are the evaluator's; thread-safe.
 */
public final class FunctionResults {
    /** Enough for the distinct small arguments a policy sees in practice. */
    static final int CAPACITY = 4096;

    private final ConcurrentHashMap<Object, Value> results = new ConcurrentHashMap<>();

    FunctionResults() {}

    /** The stored result for a call key, or null. */
    public Value get(Object key) {
        return results.get(key);
    }

    /** Stores a call's result (the evaluator's marker for undefined included). */
    public void put(Object key, Value result) {
        if (results.size() >= CAPACITY) {
            results.clear();
        }
        results.put(key, result);
    }
}
