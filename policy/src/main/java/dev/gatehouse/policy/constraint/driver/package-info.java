/**
 * The driver seam: {@link dev.gatehouse.policy.constraint.driver.ConstraintDriver} compiles a template's code for
 * one engine and evaluates constraints with it. The CEL driver lives in {@code driver.cel}; the Rego driver plugs
 * in beside it, reading {@link dev.gatehouse.policy.constraint.RegoSource} from the template.
 */
package dev.gatehouse.policy.constraint.driver;
