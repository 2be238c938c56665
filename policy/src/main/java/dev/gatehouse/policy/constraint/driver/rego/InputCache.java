package dev.gatehouse.policy.constraint.driver.rego;

import dev.gatehouse.policy.constraint.Constraint;
import dev.gatehouse.policy.constraint.driver.ReviewContext;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.Value;
import java.util.IdentityHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Converts the review, parameters and inventory to Rego values once rather than once per constraint: the engine
 * evaluates every matching constraint of a review with the same {@link ReviewContext}, and a verify case or an
 * audit pass with the same inventory document, so the last conversion of each is kept per thread and reused while
 * the same object (by identity) comes back. A constraint's parameters never change, so they are converted once per
 * thread and kept (by identity of the parameters node) in a bounded map that is emptied when it fills up, which
 * happens only when constraints are reloaded many times.
 *
 * <p>Thread-safe: each thread has its own entries; an entry holds one review and one inventory at most.
 */
final class InputCache {
    private static final ThreadLocal<Entry> REVIEW = ThreadLocal.withInitial(Entry::new);
    private static final ThreadLocal<Entry> INVENTORY = ThreadLocal.withInitial(Entry::new);
    /** More constraints than any policy set has; past this the map starts over. */
    private static final int MAX_PARAMETERS = 4096;
    private static final ThreadLocal<Map<JsonNode, Value>> PARAMETERS = ThreadLocal.withInitial(IdentityHashMap::new);

    private InputCache() {}

    /** A one-slot identity cache. */
    private static final class Entry {
        private Object key;
        private Value value;
    }

    static Value review(ReviewContext context) {
        Entry e = REVIEW.get();
        if (e.key != context) {
            e.value = RegoDriver.review(context);
            e.key = context;
        }
        return e.value;
    }

    static Value inventory(JsonNode inventory) {
        Entry e = INVENTORY.get();
        if (e.key != inventory) {
            e.value = JsonValues.fromJson(inventory);
            e.key = inventory;
        }
        return e.value;
    }

    /** The constraint's spec.parameters, {@code {}} when it has none (as Gatekeeper stores it). */
    static Value parameters(Constraint constraint) {
        JsonNode parameters = constraint.parameters();
        if (parameters == null || parameters.isNull() || parameters.isMissingNode()) {
            return ObjectValue.EMPTY;
        }
        Map<JsonNode, Value> converted = PARAMETERS.get();
        Value value = converted.get(parameters);
        if (value == null) {
            if (converted.size() >= MAX_PARAMETERS) {
                converted.clear();
            }
            value = JsonValues.fromJson(parameters);
            converted.put(parameters, value);
        }
        return value;
    }
}
