package dev.gatehouse.policy.constraint.engine;

import dev.gatehouse.policy.constraint.Constraint;

/** A constraint that matched but could not be evaluated, and why (e.g. its template needs the Rego engine). */
public record SkippedConstraint(Constraint constraint, String reason) {}
