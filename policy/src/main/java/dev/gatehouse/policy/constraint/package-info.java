/**
 * The Gatekeeper-compatible constraint framework: ConstraintTemplates ({@link
 * dev.gatehouse.policy.constraint.TemplateParser}) define constraint kinds; constraints ({@link
 * dev.gatehouse.policy.constraint.ConstraintParser}) instantiate them with a match, parameters checked against the
 * template's schema ({@link dev.gatehouse.policy.constraint.ParameterSchema}) and an enforcement action.
 * {@link dev.gatehouse.policy.constraint.ConstraintLoader} reads both from manifests with located errors.
 *
 * <p>Sub-packages: {@code match} (which objects a constraint applies to), {@code driver} (the seam between the
 * framework and a policy language, with the CEL driver in {@code driver.cel}), {@code engine} (evaluation of all
 * constraints for the webhook, audit and the CLI), {@code expansion} (ExpansionTemplates: workloads reviewed with
 * the Pods they would create) and {@code verify} (gator test suites).
 */
package dev.gatehouse.policy.constraint;
