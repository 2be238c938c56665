package dev.gatehouse.policy.podsecurity.admission;

/**
 * The audit annotation keys Pod Security sets. The API server prefixes them with the admission plugin's or
 * webhook's name (in-tree: {@code pod-security.kubernetes.io/enforce-policy}).
 */
public final class AuditAnnotations {

    /** The enforce level:version the pod was checked against, e.g. {@code baseline:latest}. */
    public static final String ENFORCE_POLICY = "enforce-policy";
    /** {@code would violate PodSecurity "<lv>": <reasons>} for the audit level. */
    public static final String AUDIT_VIOLATIONS = "audit-violations";
    /** Why the request was exempt: {@code user}, {@code namespace} or {@code runtimeClass}. */
    public static final String EXEMPT = "exempt";
    /** What went wrong when the policy could not be evaluated normally. */
    public static final String ERROR = "error";

    private AuditAnnotations() {
    }
}
