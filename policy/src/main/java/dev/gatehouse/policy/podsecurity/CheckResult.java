package dev.gatehouse.policy.podsecurity;

/**
 * The outcome of one check on one pod. A denial has two parts, as upstream: a short {@code reason}
 * ("host namespaces") and a {@code detail} naming the offenders ("hostNetwork=true"); the detail may be empty.
 *
 * @param checkId the ID of the check that produced this result (e.g. {@code hostNamespaces})
 */
public record CheckResult(String checkId, boolean allowed, String reason, String detail) {

    private static final String NONE = "";

    public static CheckResult allowed(String checkId) {
        return new CheckResult(checkId, true, NONE, NONE);
    }

    public static CheckResult forbidden(String checkId, String reason, String detail) {
        return new CheckResult(checkId, false, reason, detail == null ? NONE : detail);
    }
}
