package dev.gatehouse.policy.constraint.engine;

import dev.gatehouse.policy.constraint.Constraint;
import dev.gatehouse.policy.constraint.EnforcementAction;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * A violation of one constraint by one object, with the action that applies at the enforcement point asked.
 *
 * @param autoreject true when matching itself failed ("unable to match constraints: ...")
 */
public record ConstraintViolation(Constraint constraint, EnforcementAction action, String message, JsonNode details,
        boolean autoreject) {
    public ConstraintViolation {
        Objects.requireNonNull(constraint, "constraint");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(message, "message");
    }

    /** {@code [<constraint-name>] <message>}, as Gatekeeper reports it. */
    public String describe() {
        return "[" + constraint.name() + "] " + message;
    }
}
