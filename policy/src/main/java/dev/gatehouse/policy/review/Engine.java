package dev.gatehouse.policy.review;

/**
 * Reviews one admission request. The webhook, the audit sweep and the CLI call the same engine; implementations
 * are thread-safe and never throw for bad input: a malformed object yields a well-formed {@link Decision}.
 */
public interface Engine {
    Decision review(Review review);
}
