package dev.gatehouse.policy.constraint.driver.rego;

import dev.gatehouse.policy.constraint.ConstraintTemplate;
import dev.gatehouse.policy.constraint.driver.CompiledTemplate;
import dev.gatehouse.rego.PreparedQuery;

/**
 * A Rego template compiled once: the template's module and libraries with the query for its {@code violation}
 * set. Immutable and thread-safe ({@link PreparedQuery} is).
 */
record RegoCompiledTemplate(ConstraintTemplate template, PreparedQuery violations) implements CompiledTemplate {
    @Override
    public String engine() {
        return RegoDriver.ENGINE;
    }
}
