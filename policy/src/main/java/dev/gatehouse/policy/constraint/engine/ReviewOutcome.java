package dev.gatehouse.policy.constraint.engine;

import dev.gatehouse.policy.constraint.EnforcementAction;
import java.util.List;

/** Everything the engine found for one object: violations (every action) and constraints it could not evaluate. */
public record ReviewOutcome(List<ConstraintViolation> violations, List<SkippedConstraint> skipped) {
    public ReviewOutcome {
        violations = List.copyOf(violations);
        skipped = List.copyOf(skipped);
    }

    /** The violations whose action is {@code action}. */
    public List<ConstraintViolation> withAction(EnforcementAction action) {
        return violations.stream().filter(v -> v.action() == action).toList();
    }
}
