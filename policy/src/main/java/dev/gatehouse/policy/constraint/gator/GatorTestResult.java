package dev.gatehouse.policy.constraint.gator;

import dev.gatehouse.policy.report.Report;
import java.util.List;
import java.util.Map;

/**
 * What a {@link GatorTestRunner} run found.
 *
 * @param report      one result per reviewed object (constraint violations and Pod Security findings together) and
 *                    every document, template or constraint that could not be read or loaded
 * @param templates   how many templates were loaded and compiled
 * @param constraints how many constraints were loaded
 * @param unavailable template kinds the chosen engine cannot run, with the reason (their constraints were not
 *                    evaluated; the objects they matched carry a note)
 */
public record GatorTestResult(Report report, int templates, int constraints, Map<String, String> unavailable) {
    public GatorTestResult {
        unavailable = Map.copyOf(unavailable);
    }

    /** Whether any object has a deny finding: the only thing that fails a gator test run. */
    public boolean denied() {
        return report.deniedObjects() > 0;
    }

    /** The load and read errors, for convenience. */
    public List<dev.gatehouse.policy.document.ManifestError> errors() {
        return report.errors();
    }
}
