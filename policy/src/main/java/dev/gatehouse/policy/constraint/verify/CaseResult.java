package dev.gatehouse.policy.constraint.verify;

/**
 * The result of one case.
 *
 * @param message why it failed or was skipped; empty when it passed
 */
public record CaseResult(String name, Status status, String message, long nanos) {
    /** Pass, fail or skip. */
    public enum Status { PASS, FAIL, SKIP }
}
