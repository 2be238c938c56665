/**
 * Constraint matching ({@code spec.match}): kinds, scope, namespaces and excluded namespaces with globs, label
 * and namespace selectors, name globs (also against generateName) and source, evaluated as Gatekeeper does.
 */
package dev.gatehouse.policy.constraint.match;
