package dev.gatehouse.server.metrics;

import dev.gatehouse.policy.podsecurity.admission.PodSecurityMetrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Pod Security admission metrics with upstream's names, help texts and labels, so dashboards and alerts written
 * for the built-in admission plugin work unchanged:
 * <ul>
 *   <li>{@code pod_security_evaluations_total{decision, policy_level, policy_version, mode, request_operation,
 *       resource, subresource}}
 *   <li>{@code pod_security_exemptions_total{request_operation, resource, subresource}}
 *   <li>{@code pod_security_errors_total{fatal, request_operation, resource, subresource}}
 * </ul>
 * The admission engine chooses the label values (upstream's, including {@code future} for versions newer than the
 * engine knows); this class only counts them.
 *
 * <p>Thread-safe.
 */
public final class PrometheusPodSecurityMetrics implements PodSecurityMetrics {

    private final Counter evaluations;
    private final Counter exemptions;
    private final Counter errors;

    public PrometheusPodSecurityMetrics(PrometheusRegistry registry) {
        this.evaluations = Counter.builder()
                .name(EVALUATIONS_TOTAL)
                .help("Number of policy evaluations that occurred, not counting ignored or exempt requests.")
                .labelNames("decision", "policy_level", "policy_version", "mode", "request_operation", "resource",
                        "subresource")
                .register(registry);
        this.exemptions = Counter.builder()
                .name(EXEMPTIONS_TOTAL)
                .help("Number of exempt requests, not counting ignored or out of scope requests.")
                .labelNames("request_operation", "resource", "subresource")
                .register(registry);
        this.errors = Counter.builder()
                .name(ERRORS_TOTAL)
                .help("Number of errors preventing normal evaluation. Non-fatal errors may result in the latest "
                        + "restricted profile being used for evaluation.")
                .labelNames("fatal", "request_operation", "resource", "subresource")
                .register(registry);
    }

    @Override
    public void recordEvaluation(String decision, String policyLevel, String policyVersion, String mode,
                                 String requestOperation, String resource, String subresource) {
        evaluations.labelValues(decision, policyLevel, policyVersion, mode, requestOperation, resource,
                subresource == null ? "" : subresource).inc();
    }

    @Override
    public void recordExemption(String requestOperation, String resource, String subresource) {
        exemptions.labelValues(requestOperation, resource, subresource == null ? "" : subresource).inc();
    }

    @Override
    public void recordError(boolean fatal, String requestOperation, String resource, String subresource) {
        errors.labelValues(fatal ? "true" : "false", requestOperation, resource, subresource == null ? "" : subresource).inc();
    }
}
