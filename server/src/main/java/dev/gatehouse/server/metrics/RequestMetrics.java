package dev.gatehouse.server.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * HTTP request counts and latencies by endpoint and outcome:
 * {@code gatehouse_http_requests_total} and {@code gatehouse_http_request_duration_seconds}.
 *
 * <p>Endpoint names come from the route table and outcomes from a short fixed list, so label cardinality stays
 * bounded whatever clients send. Series are resolved once per (endpoint, outcome) and cached: recording a request
 * costs two map lookups and no allocation.
 *
 * <p>Thread-safe.
 */
public final class RequestMetrics {

    // From 0.5 ms (a cached allow) to 10 s (the API server's default webhook timeout is 10 s, its maximum 30 s).
    private static final double[] LATENCY_BUCKETS = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
    };

    private final Counter requests;
    private final Histogram latency;
    private final ConcurrentMap<String, Endpoint> endpoints = new ConcurrentHashMap<>();

    public RequestMetrics(PrometheusRegistry registry) {
        this.requests = Counter.builder()
                .name("gatehouse_http_requests_total")
                .help("HTTP requests served, by endpoint and outcome.")
                .labelNames("endpoint", "outcome")
                .register(registry);
        this.latency = Histogram.builder()
                .name("gatehouse_http_request_duration_seconds")
                .help("Time from the request line to the last byte of the answer, by endpoint and outcome.")
                .labelNames("endpoint", "outcome")
                .classicOnly()
                .classicUpperBounds(LATENCY_BUCKETS)
                .register(registry);
    }

    /** The series of one endpoint; keep it, it is cheaper than looking it up per request. */
    public Endpoint endpoint(String name) {
        return endpoints.computeIfAbsent(name, Endpoint::new);
    }

    /** The series of one endpoint, split by outcome. */
    public final class Endpoint {
        private final String name;
        private final ConcurrentMap<String, Series> byOutcome = new ConcurrentHashMap<>();

        private Endpoint(String name) {
            this.name = name;
        }

        /** Records one request that took {@code nanos}. */
        public void record(String outcome, long nanos) {
            Series series = byOutcome.get(outcome);
            if (series == null) {
                series = byOutcome.computeIfAbsent(outcome,
                        o -> new Series(requests.labelValues(name, o), latency.labelValues(name, o)));
            }
            series.count.inc();
            series.latency.observe(nanos / 1e9);
        }
    }

    private record Series(CounterDataPoint count, DistributionDataPoint latency) {}
}
