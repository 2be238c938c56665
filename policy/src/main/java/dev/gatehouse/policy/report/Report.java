package dev.gatehouse.policy.report;

import dev.gatehouse.policy.document.ManifestError;
import java.util.List;

/**
 * Everything a checking run found: per-object results in input order and the inputs that could not be read.
 * Rendered by the CLI as text, JSON, SARIF or JUnit.
 */
public record Report(List<ObjectResult> objects, List<ManifestError> errors) {

    public Report {
        objects = List.copyOf(objects);
        errors = List.copyOf(errors);
    }

    public long deniedObjects() {
        return objects.stream().filter(ObjectResult::denied).count();
    }

    public long findingCount() {
        return objects.stream().mapToLong(o -> o.findings().size()).sum();
    }
}
