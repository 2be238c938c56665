package dev.gatehouse.server.metrics;

import dev.gatehouse.auth.tokens.FailureReason;
import dev.gatehouse.auth.tokens.TokenVerifier;
import dev.gatehouse.auth.tokens.VerificationResult;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Token metrics:
 * <ul>
 *   <li>{@code gatehouse_token_reviews_total{result, reason}}: TokenReview outcomes, {@code result} one of
 *       {@code authenticated}, {@code rejected} (with {@code reason} the {@link FailureReason} in lower case) and
 *       {@code not_mine} (a token of another issuer; the API server asks its next authenticator);</li>
 *   <li>{@code serviceaccount_stale_tokens_total} and {@code serviceaccount_legacy_tokens_total}: kube-apiserver's
 *       names and meanings, so its alerts on stale projected tokens apply unchanged;</li>
 *   <li>{@code gatehouse_token_cache_lookups_total{result="hit"|"miss"}}: the verifier's result cache.</li>
 * </ul>
 * The last three read the verifier's own counters at scrape time. Recording a review resolves no labels: every
 * series exists from the start.
 *
 * <p>Thread-safe.
 */
public final class PrometheusTokenMetrics implements Consumer<VerificationResult> {

    public static final String REVIEWS_TOTAL = "gatehouse_token_reviews_total";

    private final CounterDataPoint authenticated;
    private final CounterDataPoint notMine;
    private final Map<FailureReason, CounterDataPoint> rejected = new EnumMap<>(FailureReason.class);

    public PrometheusTokenMetrics(PrometheusRegistry registry, TokenVerifier verifier) {
        Counter reviews = Counter.builder()
                .name(REVIEWS_TOTAL)
                .help("TokenReview requests answered, by result (authenticated, rejected, not_mine) and rejection reason.")
                .labelNames("result", "reason")
                .register(registry);
        this.authenticated = reviews.labelValues("authenticated", "");
        this.notMine = reviews.labelValues("not_mine", "");
        for (FailureReason reason : FailureReason.values()) {
            rejected.put(reason, reviews.labelValues("rejected", reason.name().toLowerCase(Locale.ROOT)));
        }
        CounterWithCallback.builder()
                .name("serviceaccount_stale_tokens_total")
                .help("Cumulative stale projected service account tokens used")
                .callback(cb -> cb.call(verifier.stats().staleTokens()))
                .register(registry);
        CounterWithCallback.builder()
                .name("serviceaccount_legacy_tokens_total")
                .help("Cumulative legacy service account tokens used")
                .callback(cb -> cb.call(verifier.stats().legacyTokens()))
                .register(registry);
        CounterWithCallback.builder()
                .name("gatehouse_token_cache_lookups_total")
                .help("Token verification result cache lookups, by result (hit, miss).")
                .labelNames("result")
                .callback(cb -> {
                    TokenVerifier.Stats stats = verifier.stats();
                    cb.call(stats.cacheHits(), "hit");
                    cb.call(stats.cacheMisses(), "miss");
                })
                .register(registry);
    }

    /** Counts one TokenReview outcome. */
    @Override
    public void accept(VerificationResult result) {
        switch (result) {
            case VerificationResult.Authenticated a -> authenticated.inc();
            case VerificationResult.Rejected r -> rejected.get(r.reason()).inc();
            case VerificationResult.NotMine n -> notMine.inc();
        }
    }
}
