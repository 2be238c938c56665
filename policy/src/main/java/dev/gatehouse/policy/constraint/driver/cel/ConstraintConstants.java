package dev.gatehouse.policy.constraint.driver.cel;

import dev.gatehouse.policy.cel.CompositedVariables;
import dev.gatehouse.policy.cel.JsonTree;
import dev.gatehouse.policy.constraint.Constraint;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one template keeps per constraint: the constraint as {@code params} (each part converted to CEL values once,
 * on its first read, rather than read through views on every review), and the results of the parameter-only
 * variables. {@code params} is the constraint itself, so a variable that reads nothing else (the library's
 * exempt-image and allowed-profile lists) has the same value, or the same failure, for every object the constraint
 * reviews. Keyed by the identity of the constraint's object, which a loaded constraint keeps for its lifetime;
 * bounded, and emptied when full, which happens only when constraints are reloaded many times against the same
 * compiled template.
 *
 * <p>Thread-safe: concurrent reviews share the entries.
 */
final class ConstraintConstants {
    /** The activation entries that are the same in every pass of one constraint. */
    static final Set<String> CONSTANT = Set.of("params");
    /** More constraints per template than any policy set has; past this the map starts over. */
    private static final int MAX_CONSTRAINTS = 4096;

    private final Map<IdentityKey, Kept> byConstraint = new ConcurrentHashMap<>();

    /** One constraint's entry: {@code params} as CEL sees it, and the constant variable results. */
    record Kept(Object params, CompositedVariables.ConstantResults results) {}

    /** What is kept for {@code constraint}, created on its first review. */
    Kept of(Constraint constraint) {
        IdentityKey key = new IdentityKey(constraint.object());
        Kept kept = byConstraint.get(key);
        if (kept == null) {
            if (byConstraint.size() >= MAX_CONSTRAINTS) {
                byConstraint.clear();
            }
            kept = byConstraint.computeIfAbsent(key, k -> new Kept(JsonTree.of(constraint.object()),
                    new CompositedVariables.ConstantResults(CONSTANT)));
        }
        return kept;
    }

    /** Compares the wrapped object by identity: hashing a constraint's JSON on every review would cost more. */
    private record IdentityKey(Object object) {
        @Override
        public boolean equals(Object o) {
            return o instanceof IdentityKey other && other.object == object;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(object);
        }
    }
}
