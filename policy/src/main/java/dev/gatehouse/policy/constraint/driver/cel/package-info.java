/** The K8sNativeValidation (CEL) constraint driver on {@link dev.gatehouse.policy.cel}. */
package dev.gatehouse.policy.constraint.driver.cel;
