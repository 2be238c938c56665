package dev.gatehouse.policy.constraint;

import java.util.List;
import java.util.Objects;

/**
 * The {@code K8sNativeValidation} code of a template, as written: user variables in order, match conditions (the
 * singular {@code matchCondition} key upstream reads), validations, and the failure policy.
 */
public record CelSource(
        List<NamedExpression> variables,
        List<NamedExpression> matchConditions,
        List<Validation> validations,
        FailurePolicy failurePolicy) {

    public CelSource {
        variables = List.copyOf(variables);
        matchConditions = List.copyOf(matchConditions);
        validations = List.copyOf(validations);
        Objects.requireNonNull(failurePolicy, "failurePolicy");
    }

    /** A variable or match condition: a name and its expression. */
    public record NamedExpression(String name, String expression) {
        public NamedExpression {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(expression, "expression");
        }
    }

    /**
     * One validation: a bool expression whose false result is a violation, with a static message and/or a message
     * expression (empty strings when absent).
     */
    public record Validation(String expression, String message, String messageExpression) {
        public Validation {
            Objects.requireNonNull(expression, "expression");
            message = message == null ? "" : message;
            messageExpression = messageExpression == null ? "" : messageExpression;
        }
    }
}
