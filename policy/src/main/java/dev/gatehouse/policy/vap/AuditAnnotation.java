package dev.gatehouse.policy.vap;

import dev.gatehouse.policy.cel.CompiledExpression;
import java.util.Objects;

/**
 * A policy's {@code auditAnnotations[]} entry: the value expression (string or null) is published as the audit
 * annotation {@code <policy>/<key>}.
 */
public record AuditAnnotation(String key, CompiledExpression valueExpression) {
    public AuditAnnotation {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(valueExpression, "valueExpression");
    }
}
