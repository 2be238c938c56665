package dev.gatehouse.policy.constraint.driver;

import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One violation a driver reports for a (template, constraint, object): the message and optional details (an
 * object, {@code {}} when the policy gave none).
 */
public record Violation(String message, JsonNode details) {
    public Violation {
        Objects.requireNonNull(message, "message");
    }
}
