package dev.gatehouse.policy.vap;

import java.util.List;
import java.util.Objects;

/**
 * One failure found while evaluating a request: a validation that was false, an expression error under
 * failurePolicy Fail, or a configuration error (binding match, parameters). Carries what the API server needs to
 * report it.
 *
 * @param binding         the binding's name; empty for a policy-level configuration error
 * @param message         the decision's message ({@code failed expression: ...} when none was given)
 * @param reason          the status reason of a denial ({@code Invalid}, {@code Forbidden}, ...)
 * @param expressionIndex the index of the validation, 0 when the failure is not about one validation
 * @param actions         what applies: the binding's validationActions; only Deny for configuration errors and
 *                        audit annotation errors, which deny regardless of the binding
 * @param kind            what failed
 */
public record PolicyFailure(String policy, String binding, String message, String reason, int expressionIndex,
        List<ValidationAction> actions, Kind kind) {

    /** What failed. */
    public enum Kind {
        /** A validation evaluated to false. */
        VALIDATION,
        /** An expression failed (runtime error, cost budget) under failurePolicy Fail. */
        ERROR,
        /** The policy or binding could not be applied (parameters, namespace lookup) under failurePolicy Fail. */
        CONFIGURATION
    }

    public PolicyFailure {
        Objects.requireNonNull(policy, "policy");
        binding = binding == null ? "" : binding;
        Objects.requireNonNull(message, "message");
        reason = reason == null || reason.isEmpty() ? "Invalid" : reason;
        actions = List.copyOf(actions);
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * The denial text: {@code ValidatingAdmissionPolicy '<p>' with binding '<b>' denied request: <message>}, or
     * without the binding for a policy-level error.
     */
    public String denialMessage() {
        return binding.isEmpty()
                ? "ValidatingAdmissionPolicy '" + policy + "' denied request: " + message
                : "ValidatingAdmissionPolicy '" + policy + "' with binding '" + binding + "' denied request: " + message;
    }

    /** The warning text: {@code Validation failed for ValidatingAdmissionPolicy '<p>' with binding '<b>': <message>}. */
    public String warningMessage() {
        return "Validation failed for ValidatingAdmissionPolicy '" + policy + "' with binding '" + binding + "': "
                + message;
    }
}
