/**
 * The driver seam: {@link dev.gatehouse.policy.constraint.driver.ConstraintDriver} compiles a template's code for
 * one engine and evaluates constraints with it. The CEL driver lives in {@code driver.cel}, the Rego driver (reading
 * {@link dev.gatehouse.policy.constraint.RegoSource} from the template) in {@code driver.rego}.
 * {@link dev.gatehouse.policy.constraint.driver.Inventory} builds the {@code data.inventory} document drivers are
 * given through {@link dev.gatehouse.policy.constraint.driver.ReviewContext}.
 */
package dev.gatehouse.policy.constraint.driver;
