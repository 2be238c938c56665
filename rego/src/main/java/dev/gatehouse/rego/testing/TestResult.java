package dev.gatehouse.rego.testing;

import java.time.Duration;

/**
 * The outcome of one {@code test_} rule.
 *
 * @param name    the rule's full path, e.g. {@code data.authz.test_admin_allowed}
 * @param file    the module that defines it
 * @param row     the line of its definition
 * @param message why it failed or errored; empty when it passed or was skipped
 */
public record TestResult(String name, String file, int row, Outcome outcome, String message, Duration duration) {

    /** As {@code opa test} reports them. */
    public enum Outcome {
        PASS, FAIL, ERROR, SKIPPED
    }
}
