/**
 * Gatekeeper's generator resource expansion: an {@link dev.gatehouse.policy.constraint.expansion.ExpansionTemplate}
 * ({@code expansion.gatekeeper.sh}) says which workload kinds (Deployment, Job, CronJob, ...) create which kind of
 * object (usually a Pod) from which field of theirs (usually {@code spec.template}). The {@link
 * dev.gatehouse.policy.constraint.expansion.Expander} builds those would-be objects so that the constraint engine can
 * review them with the workload and deny a Deployment whose Pods would be denied.
 *
 * <p>Upstream applies mutators (Assign, ModifySet, ...) to the generated objects before review; Gatehouse has no
 * mutation yet, so generated objects are exactly their template source plus the generated metadata.
 */
package dev.gatehouse.policy.constraint.expansion;
