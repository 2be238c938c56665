package dev.gatehouse.policy.vap;

import dev.gatehouse.policy.cel.CompiledExpression;
import java.util.Objects;

/** A policy's {@code matchConditions[]} entry, compiled to {@code bool}: all must be true for the policy to apply. */
public record MatchCondition(String name, CompiledExpression expression) {
    public MatchCondition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expression, "expression");
    }
}
