/**
 * The Rego constraint driver on the native engine ({@code dev.gatehouse.rego}): templates' {@code rego} and
 * {@code libs} are validated as Gatekeeper validates them, compiled once per template, and evaluated per constraint
 * with Gatekeeper's input ({@code review}, {@code parameters}) and {@code data.inventory}.
 */
package dev.gatehouse.policy.constraint.driver.rego;
