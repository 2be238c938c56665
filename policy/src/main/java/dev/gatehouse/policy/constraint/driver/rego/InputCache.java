package dev.gatehouse.policy.constraint.driver.rego;

import dev.gatehouse.policy.constraint.Constraint;
import dev.gatehouse.policy.constraint.driver.ReviewContext;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import tools.jackson.databind.JsonNode;

/**
 * Converts the review, parameters and inventory to Rego values once rather than once per constraint: the engine
 * evaluates every matching constraint of a review with the same {@link ReviewContext}, and a verify case or an
 * audit pass with the same inventory document, so the last conversion of each is kept per thread and reused while
 * the same object (by identity) comes back.
 *
 * <p>Thread-safe: each thread has its own entries; an entry holds one review and one inventory at most.
 */
final class InputCache {
    private static final ThreadLocal<Entry> REVIEW = ThreadLocal.withInitial(Entry::new);
    private static final ThreadLocal<Entry> INVENTORY = ThreadLocal.withInitial(Entry::new);
    private static final ThreadLocal<Entry> PARAMETERS = ThreadLocal.withInitial(Entry::new);

    private InputCache() {}

    /** A one-slot identity cache. */
    private static final class Entry {
        private Object key;
        private Value value;
    }

    static Value review(ReviewContext context) {
        Entry e = REVIEW.get();
        if (e.key != context) {
            e.value = ValueJson.fromNode(RegoDriver.review(context));
            e.key = context;
        }
        return e.value;
    }

    static Value inventory(JsonNode inventory) {
        Entry e = INVENTORY.get();
        if (e.key != inventory) {
            e.value = ValueJson.fromNode(inventory);
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
        Entry e = PARAMETERS.get();
        if (e.key != parameters) {
            e.value = ValueJson.fromNode(parameters);
            e.key = parameters;
        }
        return e.value;
    }
}
