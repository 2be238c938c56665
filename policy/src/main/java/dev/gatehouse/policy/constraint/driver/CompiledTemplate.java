package dev.gatehouse.policy.constraint.driver;

import dev.gatehouse.policy.constraint.ConstraintTemplate;

/**
 * A template compiled by one driver, ready to evaluate any number of constraints of its kind. Implementations are
 * immutable and thread-safe.
 */
public interface CompiledTemplate {
    /** The template this was compiled from. */
    ConstraintTemplate template();

    /** The engine that compiled it ({@code K8sNativeValidation}, {@code Rego}). */
    String engine();
}
