package dev.gatehouse.policy.report;

import java.util.List;

/**
 * The findings for one object of the input.
 *
 * @param source  the file the object came from, as the user named it
 * @param line    1-based line where the object starts
 * @param policy  what it was evaluated against, e.g. {@code PodSecurity restricted:latest}
 * @param note    why it was not evaluated (exempt, privileged level), or empty
 */
public record ObjectResult(
        String source, int line, String apiVersion, String kind, String namespace, String name,
        String policy, List<Finding> findings, String note) {

    public ObjectResult {
        findings = List.copyOf(findings);
        namespace = namespace == null ? "" : namespace;
        name = name == null ? "" : name;
        note = note == null ? "" : note;
    }

    /** {@code Kind ns/name} or {@code Kind name} for cluster-scoped or namespace-less objects. */
    public String displayName() {
        String n = name.isEmpty() ? "(unnamed)" : name;
        return kind + " " + (namespace.isEmpty() ? n : namespace + "/" + n);
    }

    public boolean denied() {
        return findings.stream().anyMatch(f -> f.severity() == Finding.Severity.DENY);
    }
}
