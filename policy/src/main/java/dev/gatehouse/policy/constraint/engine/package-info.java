/**
 * The constraint engine: matches and evaluates every loaded constraint for a review, choosing a driver per
 * template by {@link dev.gatehouse.policy.constraint.engine.EnginePreference}; implements the admission
 * {@link dev.gatehouse.policy.review.Engine} and an offline entry for audit and the CLI.
 */
package dev.gatehouse.policy.constraint.engine;
