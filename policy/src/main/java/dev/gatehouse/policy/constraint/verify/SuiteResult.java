package dev.gatehouse.policy.constraint.verify;

import java.nio.file.Path;
import java.util.List;

/** The result of one suite file. */
public record SuiteResult(Path path, boolean skipped, List<TestResult> tests, long nanos) {
    public SuiteResult {
        tests = List.copyOf(tests);
    }

    public boolean failed() {
        return tests.stream().anyMatch(TestResult::failed);
    }
}
