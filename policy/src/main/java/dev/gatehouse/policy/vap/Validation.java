package dev.gatehouse.policy.vap;

import dev.gatehouse.policy.cel.CompiledExpression;
import java.util.Objects;

/**
 * A policy's {@code validations[]} entry: a {@code bool} expression, the static message (trimmed; empty when not
 * given), the optional compiled {@code messageExpression} (null when absent) and the status reason of a denial.
 *
 * @param reason {@code Unauthorized}, {@code Forbidden}, {@code Invalid} (default) or {@code RequestEntityTooLarge}
 */
public record Validation(CompiledExpression expression, String message, CompiledExpression messageExpression,
        String reason) {
    public Validation {
        Objects.requireNonNull(expression, "expression");
        message = message == null ? "" : message.strip();
        reason = reason == null || reason.isEmpty() ? "Invalid" : reason;
    }

    /** The message used when neither the message expression nor the message gives one. */
    String defaultMessage() {
        return "failed expression: " + expression.expression().strip();
    }
}
