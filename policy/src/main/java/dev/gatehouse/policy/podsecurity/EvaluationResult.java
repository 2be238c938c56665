package dev.gatehouse.policy.podsecurity;

import java.util.List;

/**
 * The forbidden results of evaluating one pod at one level and version, in upstream reason order
 * (baseline check IDs sorted, then restricted check IDs sorted). Empty means allowed.
 */
public record EvaluationResult(LevelVersion levelVersion, List<CheckResult> violations) {

    public EvaluationResult {
        violations = List.copyOf(violations);
    }

    public boolean allowed() {
        return violations.isEmpty();
    }

    /**
     * The violations as upstream joins them: {@code reason (detail), reason, reason (detail)} — a detail in
     * parentheses only where it is non-empty.
     */
    public String reasonsWithDetails() {
        StringBuilder out = new StringBuilder();
        for (CheckResult violation : violations) {
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append(violation.reason());
            if (!violation.detail().isEmpty()) {
                out.append(" (").append(violation.detail()).append(')');
            }
        }
        return out.toString();
    }

    /** The reasons alone, joined by ", " (used in namespace dry-run warnings). */
    public String reasons() {
        StringBuilder out = new StringBuilder();
        for (CheckResult violation : violations) {
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append(violation.reason());
        }
        return out.toString();
    }
}
