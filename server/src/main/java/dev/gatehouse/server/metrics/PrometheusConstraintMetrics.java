package dev.gatehouse.server.metrics;

import dev.gatehouse.policy.constraint.Constraint;
import dev.gatehouse.policy.constraint.EnforcementAction;
import dev.gatehouse.policy.constraint.engine.ConstraintEngine;
import dev.gatehouse.policy.constraint.engine.ConstraintMetrics;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Gatekeeper's webhook metrics, with its names, help texts, labels and buckets, so that dashboards and alerts
 * written for Gatekeeper work unchanged:
 * <ul>
 *   <li>{@code gatekeeper_validation_request_count_total{admission_status, admission_dryrun}} — requests reviewed
 *       by the constraint engine (the {@code _total} suffix is what Gatekeeper's Prometheus exporter scrapes
 *       too); admission_status {@code allow|deny|error}, admission_dryrun {@code true|false};</li>
 *   <li>{@code gatekeeper_validation_request_duration_seconds{admission_status}} — the engine's time per request;</li>
 *   <li>{@code gatekeeper_constraints{enforcement_action, status}} — loaded constraints by their
 *       {@code spec.enforcementAction} ({@code deny|dryrun|warn|scoped}: a scoped constraint counts once, under
 *       {@code scoped}, as Gatekeeper counts it), status {@code active}, or {@code error} when its template cannot
 *       run with the chosen engine;</li>
 *   <li>{@code gatekeeper_constraint_templates{status}} — loaded templates, {@code error} for those the chosen
 *       engine cannot run;</li>
 *   <li>{@code gatehouse_constraint_violations_total{enforcement_action, kind, name}} — violations found at the
 *       webhook per constraint and action, dryrun included (Gatekeeper's {@code gatekeeper_violations} is an audit
 *       gauge; this is its webhook counterpart).</li>
 * </ul>
 * The two gauges describe the engine given to the constructor and are set once: the server loads its policies at
 * start-up, and refuses to start when any template or constraint fails to load, so load errors never reach them.
 * Every series exists from the start (zeros included, as Gatekeeper reports them); recording resolves no labels
 * and allocates nothing. Violation label cardinality is bounded by the loaded constraints.
 *
 * <p>Thread-safe.
 */
public final class PrometheusConstraintMetrics implements ConstraintMetrics {

    public static final String REQUEST_COUNT = "gatekeeper_validation_request_count";
    public static final String REQUEST_DURATION = "gatekeeper_validation_request_duration_seconds";
    public static final String CONSTRAINTS = "gatekeeper_constraints";
    public static final String CONSTRAINT_TEMPLATES = "gatekeeper_constraint_templates";
    public static final String VIOLATIONS = "gatehouse_constraint_violations_total";

    // Gatekeeper's validation webhook buckets, from 1 ms to 3 s.
    private static final double[] DURATION_BUCKETS = {
        0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.007, 0.008, 0.009,
        0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09,
        0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9,
        1, 1.5, 2, 2.5, 3
    };
    private static final String ACTIVE = "active";
    private static final String ERROR = "error";
    /** The actions a violation can have at the webhook (scoped resolves to these). */
    private static final EnforcementAction[] VIOLATION_ACTIONS = {
        EnforcementAction.DENY, EnforcementAction.DRYRUN, EnforcementAction.WARN
    };

    /** [status][dryRun ? 1 : 0] */
    private final CounterDataPoint[][] requests;
    /** [status] */
    private final DistributionDataPoint[] durations;
    private final Counter violations;
    /** kind → name → [action ordinal] (null for scoped, which no violation has). */
    private final ConcurrentMap<String, ConcurrentMap<String, CounterDataPoint[]>> violationSeries =
            new ConcurrentHashMap<>();

    /** Registers the metrics on {@code registry}, the load gauges describing {@code engine}. */
    public PrometheusConstraintMetrics(PrometheusRegistry registry, ConstraintEngine engine) {
        Counter requestCount = Counter.builder()
                .name(REQUEST_COUNT)
                .help("The number of requests that are routed to validation webhook")
                .labelNames("admission_status", "admission_dryrun")
                .register(registry);
        Histogram requestDuration = Histogram.builder()
                .name(REQUEST_DURATION)
                .help("The response time in seconds")
                .labelNames("admission_status")
                .classicOnly()
                .classicUpperBounds(DURATION_BUCKETS)
                .register(registry);
        AdmissionStatus[] statuses = AdmissionStatus.values();
        this.requests = new CounterDataPoint[statuses.length][];
        this.durations = new DistributionDataPoint[statuses.length];
        for (AdmissionStatus status : statuses) {
            requests[status.ordinal()] = new CounterDataPoint[] {
                requestCount.labelValues(status.label(), "false"), requestCount.labelValues(status.label(), "true")
            };
            durations[status.ordinal()] = requestDuration.labelValues(status.label());
        }
        this.violations = Counter.builder()
                .name(VIOLATIONS)
                .help("Constraint violations found by the validation webhook, by constraint (kind, name) and the "
                        + "enforcement action they had there (deny, warn or dryrun); a request counts once per "
                        + "violation.")
                .labelNames("enforcement_action", "kind", "name")
                .register(registry);
        for (Constraint constraint : engine.constraints()) {
            series(constraint);
        }
        registerLoadGauges(registry, engine);
    }

    private static void registerLoadGauges(PrometheusRegistry registry, ConstraintEngine engine) {
        Map<String, String> unavailable = engine.unavailable();
        Gauge templates = Gauge.builder()
                .name(CONSTRAINT_TEMPLATES)
                .help("Number of observed constraint templates")
                .labelNames("status")
                .register(registry);
        templates.labelValues(ACTIVE).set(engine.templates().size() - unavailable.size());
        templates.labelValues(ERROR).set(unavailable.size());

        Gauge constraints = Gauge.builder()
                .name(CONSTRAINTS)
                .help("Current number of known constraints")
                .labelNames("enforcement_action", "status")
                .register(registry);
        int[][] counts = new int[EnforcementAction.values().length][2];
        for (Constraint constraint : engine.constraints()) {
            counts[constraint.enforcementAction().ordinal()][unavailable.containsKey(constraint.kind()) ? 1 : 0]++;
        }
        for (EnforcementAction action : EnforcementAction.values()) {
            constraints.labelValues(action.value(), ACTIVE).set(counts[action.ordinal()][0]);
            constraints.labelValues(action.value(), ERROR).set(counts[action.ordinal()][1]);
        }
    }

    @Override
    public void recordRequest(AdmissionStatus status, boolean dryRun, long nanos) {
        requests[status.ordinal()][dryRun ? 1 : 0].inc();
        durations[status.ordinal()].observe(nanos / 1e9);
    }

    @Override
    public void recordViolation(Constraint constraint, EnforcementAction action) {
        CounterDataPoint point = series(constraint)[action.ordinal()];
        if (point != null) {
            point.inc();
        }
    }

    /** The constraint's series, one per violation action; created on first sight for a constraint not loaded. */
    private CounterDataPoint[] series(Constraint constraint) {
        ConcurrentMap<String, CounterDataPoint[]> byName = violationSeries.get(constraint.kind());
        if (byName == null) {
            byName = violationSeries.computeIfAbsent(constraint.kind(), k -> new ConcurrentHashMap<>());
        }
        CounterDataPoint[] points = byName.get(constraint.name());
        if (points == null) {
            points = byName.computeIfAbsent(constraint.name(), name -> {
                CounterDataPoint[] created = new CounterDataPoint[EnforcementAction.values().length];
                for (EnforcementAction action : VIOLATION_ACTIONS) {
                    created[action.ordinal()] = violations.labelValues(action.value(), constraint.kind(), name);
                }
                return created;
            });
        }
        return points;
    }
}
