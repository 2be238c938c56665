package dev.gatehouse.policy.review;

/**
 * Reviews one admission request. The webhook, the audit sweep and the CLI call the same engine; implementations
 * are thread-safe and never throw for bad input: a malformed object yields a well-formed {@link Decision}.
 */
public interface Engine {
    Decision review(Review review);

    /**
     * Whether reviewing this request may take long enough (a scan of many objects, I/O) that a server should run it
     * off its event loop. The default is the safe answer; engines that know a request is a few microseconds of CPU
     * say so, and save the thread hop.
     */
    default boolean mayBlock(Review review) {
        return true;
    }
}
