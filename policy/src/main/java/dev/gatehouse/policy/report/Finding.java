package dev.gatehouse.policy.report;

/**
 * One violation found on one object: the rule that found it, the short reason and the detail naming the
 * offenders (as upstream words them), and a one-line hint how to fix it.
 *
 * @param ruleId a stable identifier: a Pod Security check ID, or a constraint's kind/name
 */
public record Finding(String ruleId, String reason, String detail, String hint, Severity severity) {

    public Finding {
        reason = reason == null ? "" : reason;
        detail = detail == null ? "" : detail;
        hint = hint == null ? "" : hint;
    }

    /** {@code reason (detail)}, or the reason alone when there is no detail. */
    public String message() {
        return detail.isEmpty() ? reason : reason + " (" + detail + ")";
    }

    /**
     * How a finding is enforced: deny fails the run; warn is shown but does not; dryrun (a constraint whose
     * enforcementAction is dryrun) is only recorded, as Gatekeeper's audit records it, and never fails the run.
     */
    public enum Severity {
        DENY, WARN, DRYRUN;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
