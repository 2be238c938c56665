package dev.gatehouse.policy.constraint.driver.cel;

import dev.gatehouse.policy.cel.CompiledExpression;
import dev.gatehouse.policy.cel.CompositedVariables;
import dev.gatehouse.policy.constraint.ConstraintTemplate;
import dev.gatehouse.policy.constraint.FailurePolicy;
import dev.gatehouse.policy.constraint.driver.CompiledTemplate;
import java.util.List;

/**
 * A K8sNativeValidation template compiled once: Gatekeeper's and the template's variables, the match conditions
 * and the validations with their messages. Immutable and thread-safe.
 */
record CelCompiledTemplate(
        ConstraintTemplate template,
        CompositedVariables variables,
        List<CompiledExpression> matchConditions,
        List<String> matchConditionNames,
        List<CompiledValidation> validations,
        FailurePolicy failurePolicy,
        ConstraintConstants constants) implements CompiledTemplate {

    CelCompiledTemplate(ConstraintTemplate template, CompositedVariables variables,
            List<CompiledExpression> matchConditions, List<String> matchConditionNames,
            List<CompiledValidation> validations, FailurePolicy failurePolicy) {
        this(template, variables, matchConditions, matchConditionNames, validations, failurePolicy,
                new ConstraintConstants());
    }

    CelCompiledTemplate {
        matchConditions = List.copyOf(matchConditions);
        matchConditionNames = List.copyOf(matchConditionNames);
        validations = List.copyOf(validations);
    }

    @Override
    public String engine() {
        return CelDriver.ENGINE;
    }

    /** A validation with its static message (may be empty) and optional message expression (may be null). */
    record CompiledValidation(CompiledExpression expression, String message, CompiledExpression messageExpression) {}
}
