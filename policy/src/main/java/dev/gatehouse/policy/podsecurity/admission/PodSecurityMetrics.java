package dev.gatehouse.policy.podsecurity.admission;

/**
 * Where {@link PodSecurityAdmission} reports what it did, with upstream's metric names and label values, so a
 * server can back it with Prometheus counters:
 * <ul>
 *   <li>{@code pod_security_evaluations_total{decision, policy_level, policy_version, mode, request_operation,
 *       resource, subresource}} — policy evaluations, not counting ignored or exempt requests;</li>
 *   <li>{@code pod_security_exemptions_total{request_operation, resource, subresource}} — exempt requests;</li>
 *   <li>{@code pod_security_errors_total{fatal, request_operation, resource, subresource}} — errors that prevented
 *       normal evaluation.</li>
 * </ul>
 * Label values: decision {@code allow|deny}; policy_level {@code privileged|baseline|restricted}; policy_version
 * {@code latest}, {@code v1.N} or {@code future}; mode {@code enforce|audit|warn}; request_operation
 * {@code create|update|delete|connect}; resource {@code pod|controller|namespace}; subresource as requested.
 * Every value passed is a shared constant or cached string: recording allocates nothing on our side.
 *
 * <p>Implementations must be thread-safe and fast; they are called on the admission hot path.
 */
public interface PodSecurityMetrics {

    String DECISION_ALLOW = "allow";
    String DECISION_DENY = "deny";
    String MODE_ENFORCE = "enforce";
    String MODE_AUDIT = "audit";
    String MODE_WARN = "warn";
    String RESOURCE_POD = "pod";
    String RESOURCE_CONTROLLER = "controller";
    String RESOURCE_NAMESPACE = "namespace";

    /** Metric names, as upstream registers them. */
    String EVALUATIONS_TOTAL = "pod_security_evaluations_total";
    String EXEMPTIONS_TOTAL = "pod_security_exemptions_total";
    String ERRORS_TOTAL = "pod_security_errors_total";

    /** Records no metrics. */
    PodSecurityMetrics NONE = new PodSecurityMetrics() {
        @Override
        public void recordEvaluation(String decision, String policyLevel, String policyVersion, String mode,
                                     String requestOperation, String resource, String subresource) {
        }

        @Override
        public void recordExemption(String requestOperation, String resource, String subresource) {
        }

        @Override
        public void recordError(boolean fatal, String requestOperation, String resource, String subresource) {
        }
    };

    /** One policy evaluation (or an allowed fully-privileged namespace, recorded as enforce/allow). */
    void recordEvaluation(String decision, String policyLevel, String policyVersion, String mode,
                          String requestOperation, String resource, String subresource);

    /** One request exempt by username, namespace or runtime class. */
    void recordExemption(String requestOperation, String resource, String subresource);

    /**
     * One error. Fatal errors stopped the evaluation (namespace lookup, undecodable object); non-fatal ones let it
     * go on with a fallback policy (invalid namespace labels).
     */
    void recordError(boolean fatal, String requestOperation, String resource, String subresource);
}
