package dev.gatehouse.auth.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.tokens.VerificationResult.Authenticated;
import dev.gatehouse.auth.tokens.VerificationResult.Rejected;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VerifierCacheTest {

    @Test
    void repeatedVerification_isServedFromTheCache_untilTheTtl() {
        TokenFixture f = new TokenFixture(SigningAlgorithm.ES256);
        String token = f.issuePodBound().token();
        f.objects.serviceAccountLookups.set(0); // the issuer looked the service account up too
        VerificationResult first = f.verifier.verify(token);
        assertThat(f.verifier.verify(token)).isSameAs(first);
        assertThat(f.objects.serviceAccountLookups).hasValue(1);
        assertThat(f.verifier.stats().cacheHits()).isEqualTo(1);

        f.objects.remove("Pod", "default", "web-0"); // within the TTL the cached success stands, as upstream
        assertThat(f.verifier.verify(token)).isInstanceOf(Authenticated.class);
        f.clock.advance(Duration.ofSeconds(11));
        assertThat(f.verifier.verify(token)).isEqualTo(new Rejected(FailureReason.INVALIDATED, TokenVerifier.INVALIDATED));
    }

    @Test
    void differentAudiences_areDifferentEntries() {
        TokenFixture f = new TokenFixture(SigningAlgorithm.ES256);
        String token = f.issue(new TokenRequestSpec(List.of("a", "b"), null, null)).token();
        assertThat(((Authenticated) f.verifier.verify(token, List.of("a"))).audiences()).containsExactly("a");
        assertThat(((Authenticated) f.verifier.verify(token, List.of("b"))).audiences()).containsExactly("b");
        assertThat(f.verifier.verify(token)).isInstanceOf(Rejected.class);
    }

    @Test
    void revocation_takesEffectOnACachedToken() {
        TokenFixture f = new TokenFixture(SigningAlgorithm.ES256);
        IssuedToken t = f.issuePodBound();
        assertThat(f.verifier.verify(t.token())).isInstanceOf(Authenticated.class);
        f.revocations.revoke(t.claims().jti());
        assertThat(f.verifier.verify(t.token())).isEqualTo(new Rejected(FailureReason.REVOKED, "service account token has been revoked"));
        f.revocations.unrevoke(t.claims().jti());
        assertThat(f.verifier.verify(t.token())).isInstanceOf(Authenticated.class);
    }

    @Test
    void failures_areNotCachedByDefault() {
        TokenFixture f = new TokenFixture(SigningAlgorithm.ES256);
        String token = f.issuePodBound().token();
        f.objects.remove("ServiceAccount", "default", "builder");
        assertThat(f.verifier.verify(token)).isInstanceOf(Rejected.class);
        f.objects.put(MutableObjects.serviceAccount("default", "builder", "sa-uid-1"));
        assertThat(f.verifier.verify(token)).isInstanceOf(Authenticated.class);
    }

    @Test
    void concurrentIdenticalRequests_shareOneVerification() throws Exception {
        TokenFixture f = new TokenFixture(SigningAlgorithm.ES256);
        String token = f.issuePodBound().token();
        f.objects.serviceAccountLookups.set(0);
        int threads = 8;
        CountDownLatch inLookup = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        f.objects.onLookup = () -> {
            inLookup.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<VerificationResult>> results = new ArrayList<>();
            results.add(pool.submit(() -> f.verifier.verify(token)));
            assertThat(inLookup.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i < threads; i++) {
                results.add(pool.submit(() -> f.verifier.verify(token)));
            }
            Thread.sleep(100); // let the others reach the in-flight entry
            release.countDown();
            for (Future<VerificationResult> r : results) {
                assertThat(r.get(5, TimeUnit.SECONDS)).isInstanceOf(Authenticated.class);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(f.objects.serviceAccountLookups).hasValue(1);
    }
}
