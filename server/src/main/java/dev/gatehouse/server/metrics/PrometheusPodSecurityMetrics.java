package dev.gatehouse.server.metrics;

import dev.gatehouse.policy.podsecurity.Level;
import dev.gatehouse.policy.podsecurity.LevelVersion;
import dev.gatehouse.policy.podsecurity.PodSecurityMetricsRecorder;
import dev.gatehouse.policy.podsecurity.Version;
import dev.gatehouse.policy.review.GroupVersionResource;
import dev.gatehouse.policy.review.Operation;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;
import java.util.Objects;

/**
 * Pod Security admission metrics with upstream's names, help texts and labels, so dashboards and alerts written
 * for the built-in admission plugin work unchanged:
 * <ul>
 *   <li>{@code pod_security_evaluations_total{decision, policy_level, policy_version, mode, request_operation,
 *       resource, subresource}}
 *   <li>{@code pod_security_exemptions_total{request_operation, resource, subresource}}
 *   <li>{@code pod_security_errors_total{fatal, request_operation, resource, subresource}}
 * </ul>
 * Label values follow upstream: operations in lower case; resource {@code pod}, {@code namespace}, or
 * {@code controller} for everything else; {@code policy_version} {@code latest} for privileged or latest policies
 * and {@code future} for versions newer than the engine knows.
 *
 * <p>Thread-safe.
 */
public final class PrometheusPodSecurityMetrics implements PodSecurityMetricsRecorder {

    private final Version newestKnown;
    private final Counter evaluations;
    private final Counter exemptions;
    private final Counter errors;

    /**
     * @param newestKnown the newest policy version the engine has checks for; newer versions are labelled
     *                    {@code future} (as upstream does) so that a typo cannot create an unbounded label set
     */
    public PrometheusPodSecurityMetrics(PrometheusRegistry registry, Version newestKnown) {
        this.newestKnown = Objects.requireNonNull(newestKnown, "newestKnown");
        this.evaluations = Counter.builder()
                .name("pod_security_evaluations_total")
                .help("Number of policy evaluations that occurred, not counting ignored or exempt requests.")
                .labelNames("decision", "policy_level", "policy_version", "mode", "request_operation", "resource",
                        "subresource")
                .register(registry);
        this.exemptions = Counter.builder()
                .name("pod_security_exemptions_total")
                .help("Number of exempt requests, not counting ignored or out of scope requests.")
                .labelNames("request_operation", "resource", "subresource")
                .register(registry);
        this.errors = Counter.builder()
                .name("pod_security_errors_total")
                .help("Number of errors preventing normal evaluation. Non-fatal errors may result in the latest "
                        + "restricted profile being used for evaluation.")
                .labelNames("fatal", "request_operation", "resource", "subresource")
                .register(registry);
    }

    @Override
    public void recordEvaluation(Decision decision, LevelVersion policy, Mode mode, Operation operation,
            GroupVersionResource resource, String subresource) {
        evaluations.labelValues(decision.label(), policy.level().label(), versionLabel(policy), mode.label(),
                operationLabel(operation), resourceLabel(resource), nullToEmpty(subresource)).inc();
    }

    @Override
    public void recordExemption(Operation operation, GroupVersionResource resource, String subresource) {
        exemptions.labelValues(operationLabel(operation), resourceLabel(resource), nullToEmpty(subresource)).inc();
    }

    @Override
    public void recordError(boolean fatal, Operation operation, GroupVersionResource resource, String subresource) {
        errors.labelValues(Boolean.toString(fatal), operationLabel(operation), resourceLabel(resource),
                nullToEmpty(subresource)).inc();
    }

    private String versionLabel(LevelVersion policy) {
        // Privileged runs no checks, so every version of it is the same policy.
        if (policy.version().latest() || policy.level() == Level.PRIVILEGED) {
            return "latest";
        }
        return policy.version().compareTo(newestKnown) > 0 && !newestKnown.latest() ? "future" : policy.version().toString();
    }

    static String resourceLabel(GroupVersionResource resource) {
        if (resource.group().isEmpty()) {
            if (resource.resource().equals("pods")) {
                return "pod";
            }
            if (resource.resource().equals("namespaces")) {
                return "namespace";
            }
        }
        // Anything else that reaches Pod Security is a pod controller.
        return "controller";
    }

    static String operationLabel(Operation operation) {
        return operation.name().toLowerCase(Locale.ROOT);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
