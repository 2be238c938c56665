package dev.gatehouse.policy.constraint.verify;

import java.util.List;

/**
 * The result of one test: its cases, or a test-level error (template or constraint not loadable, an invalid
 * constraint that loaded) in which case its cases did not run.
 *
 * @param skipped    the whole test was skipped (skip: true, or filtered out)
 * @param error      empty unless the test itself failed
 * @param caseCount  the number of cases the test declares
 */
public record TestResult(String name, boolean skipped, String error, List<CaseResult> cases, int caseCount,
        long nanos) {
    public TestResult {
        cases = List.copyOf(cases);
    }

    public boolean failed() {
        return !error.isEmpty() || cases.stream().anyMatch(c -> c.status() == CaseResult.Status.FAIL);
    }
}
