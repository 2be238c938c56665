package dev.gatehouse.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.tokens.BoundObjectRef;
import dev.gatehouse.auth.tokens.KeyGenerator;
import dev.gatehouse.auth.tokens.KeySet;
import dev.gatehouse.auth.tokens.ServiceAccountKey;
import dev.gatehouse.auth.tokens.SigningAlgorithm;
import dev.gatehouse.auth.tokens.StaticTokenObjects;
import dev.gatehouse.auth.tokens.TokenIssuer;
import dev.gatehouse.auth.tokens.TokenRequestSpec;
import dev.gatehouse.auth.tokens.TokenReviewResponder;
import dev.gatehouse.auth.tokens.TokenVerifier;
import dev.gatehouse.server.testing.MutableClock;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrometheusTokenMetricsTest {

    private static final String ISSUER = "https://issuer.gatehouse.test";

    @Test
    void reviews_countOutcomesByReason_andStaleTokensPastWarnAfter() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
        KeyPair pair = KeyGenerator.generate(SigningAlgorithm.ES256);
        KeySet keys = KeySet.of(List.of(ServiceAccountKey.ofPair(pair.getPublic(), pair.getPrivate(), "test")));
        StaticTokenObjects objects = StaticTokenObjects.of(List.of(
                new ServiceAccountBuilder().withNewMetadata().withNamespace("ci").withName("builder").withUid("sa-uid")
                        .endMetadata().build(),
                new PodBuilder().withNewMetadata().withNamespace("ci").withName("web-0").withUid("pod-uid").endMetadata()
                        .withNewSpec().withServiceAccountName("builder").endSpec().build()));
        TokenIssuer issuer = TokenIssuer.builder(keys, ISSUER).objects(objects).clock(clock).build();
        TokenVerifier verifier = TokenVerifier.builder(keys, List.of(ISSUER)).objects(objects).clock(clock).build();
        PrometheusRegistry registry = new PrometheusRegistry();
        TokenReviewResponder reviews = new TokenReviewResponder(verifier, new PrometheusTokenMetrics(registry, verifier));
        // The kubelet's projected token: pod-bound, 3607 s, server audience -> a one-year token with warnafter.
        String extended = issuer.issue("ci", "builder", new TokenRequestSpec(List.of(),
                TokenIssuer.WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS, new BoundObjectRef("Pod", "v1", "web-0", "pod-uid")))
                .token();

        reviews.respond(review(extended));
        clock.advance(Duration.ofHours(2));
        reviews.respond(review(extended));
        reviews.respond(review(extended));
        reviews.respond(review("opaque"));
        reviews.respond(review(extended.substring(0, extended.length() - 4) + "AAAA"));
        reviews.respond("not json".getBytes(StandardCharsets.UTF_8));

        assertThat(scrape(registry))
                .contains("gatehouse_token_reviews_total{reason=\"\",result=\"authenticated\"} 3.0")
                .contains("gatehouse_token_reviews_total{reason=\"\",result=\"not_mine\"} 1.0")
                .contains("gatehouse_token_reviews_total{reason=\"invalid_signature\",result=\"rejected\"} 1.0")
                .contains("gatehouse_token_reviews_total{reason=\"expired\",result=\"rejected\"} 0.0")
                .contains("serviceaccount_stale_tokens_total 2.0")
                .contains("serviceaccount_legacy_tokens_total 0.0");
    }

    /** A TokenReview exactly as kube-apiserver's webhook authenticator sends it (null timestamp, empty status). */
    private static byte[] review(String token) {
        return ("{\"kind\":\"TokenReview\",\"apiVersion\":\"authentication.k8s.io/v1\",\"metadata\":{\"creationTimestamp\":null},"
                + "\"spec\":{\"token\":\"" + token + "\"},\"status\":{\"user\":{}}}").getBytes(StandardCharsets.UTF_8);
    }

    private static String scrape(PrometheusRegistry registry) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
