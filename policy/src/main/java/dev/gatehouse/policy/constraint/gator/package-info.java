/**
 * gator test: every template and constraint among a set of manifests loaded, every object inventory, every other
 * object reviewed against the constraints (and optionally Pod Security), as one {@link dev.gatehouse.policy.report.Report}.
 */
package dev.gatehouse.policy.constraint.gator;
