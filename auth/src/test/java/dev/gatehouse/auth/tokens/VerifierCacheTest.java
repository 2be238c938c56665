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
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

    /** Re-encodes one segment (0 header, 1 payload) of a compact JWT after editing its JSON text. */
    private static String editSegment(String token, int segment, UnaryOperator<String> edit) {
        String[] parts = token.split("\\.", -1);
        String json = new String(Base64.getUrlDecoder().decode(parts[segment]), StandardCharsets.UTF_8);
        String edited = edit.apply(json);
        assertThat(edited).as("the edit must change the segment").isNotEqualTo(json);
        parts[segment] = Base64.getUrlEncoder().withoutPadding().encodeToString(edited.getBytes(StandardCharsets.UTF_8));
        return String.join(".", parts);
    }

    static Stream<Arguments> sameSignatureOtherToken() {
        return Stream.of(
                Arguments.of("another service account in the payload",
                        (UnaryOperator<String>) t -> editSegment(t, 1, json -> json.replace("\"builder\"", "\"admin\"")),
                        new Rejected(FailureReason.INVALID_SIGNATURE, TokenVerifier.CRYPTO_FAILURE)),
                Arguments.of("a later expiry in the payload",
                        (UnaryOperator<String>) t -> editSegment(t, 1, json -> json.replaceFirst("\"exp\":(\\d+)", "\"exp\":9$1")),
                        new Rejected(FailureReason.INVALID_SIGNATURE, TokenVerifier.CRYPTO_FAILURE)),
                Arguments.of("another kid in the header",
                        (UnaryOperator<String>) t -> editSegment(t, 0, json -> json.replaceFirst("\"kid\":\"[^\"]*\"", "\"kid\":\"other\"")),
                        new Rejected(FailureReason.NO_KEYS, "invalid signature, no keys found")),
                Arguments.of("one character less of the payload",
                        (UnaryOperator<String>) t -> t.substring(0, t.indexOf('.') + 1) + t.substring(t.indexOf('.') + 2),
                        null),
                Arguments.of("an extra segment before the signature",
                        (UnaryOperator<String>) t -> t.substring(0, t.lastIndexOf('.')) + ".e30" + t.substring(t.lastIndexOf('.')),
                        VerificationResult.NOT_MINE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sameSignatureOtherToken")
    void theSignatureOfACachedToken_withAnythingElseChanged_isVerifiedFromScratch(String change, UnaryOperator<String> forge,
            VerificationResult expected) {
        TokenFixture f = new TokenFixture(SigningAlgorithm.ES256);
        String genuine = f.issuePodBound().token();
        assertThat(f.verifier.verify(genuine)).isInstanceOf(Authenticated.class);
        String forged = forge.apply(genuine);
        assertThat(forged.substring(forged.lastIndexOf('.'))).isEqualTo(genuine.substring(genuine.lastIndexOf('.')));

        VerificationResult result = f.verifier.verify(forged);

        if (expected == null) {
            assertThat(result).isNotInstanceOf(Authenticated.class);
        } else {
            assertThat(result).isEqualTo(expected);
        }
        TokenVerifier uncached = TokenVerifier.builder(f.keys, List.of(TokenFixture.ISSUER)).objects(f.objects).clock(f.clock)
                .noCache().build();
        assertThat(result).isEqualTo(uncached.verify(forged));
        assertThat(f.verifier.stats().cacheHits()).isZero();
        // The genuine token's entry is untouched by the forgery.
        assertThat(f.verifier.verify(genuine)).isInstanceOf(Authenticated.class);
        assertThat(f.verifier.stats().cacheHits()).isEqualTo(1);
    }

    @Test
    void aSignatureWithANonAsciiCharacter_neverSharesAKeyWithTheAsciiSignature() {
        TokenFixture f = new TokenFixture(SigningAlgorithm.ES256);
        String genuine = f.issuePodBound().token();
        assertThat(f.verifier.verify(genuine)).isInstanceOf(Authenticated.class);
        int last = genuine.length() - 1;
        // U+0100 + c has c's low byte: hashed as bytes-of-chars it would collide with the genuine signature.
        String widened = genuine.substring(0, last) + (char) (0x100 + genuine.charAt(last));

        assertThat(f.verifier.verify(widened)).isEqualTo(new Rejected(FailureReason.INVALID_SIGNATURE, TokenVerifier.CRYPTO_FAILURE));
        assertThat(f.verifier.stats().cacheHits()).isZero();
    }

    @Test
    void aCachedSuccess_neverOutlivesTheTokensExpiry() {
        TokenFixture f = new TokenFixture(SigningAlgorithm.ES256);
        TokenVerifier longTtl = TokenVerifier.builder(f.keys, List.of(TokenFixture.ISSUER)).objects(f.objects).clock(f.clock)
                .successTtl(Duration.ofDays(1)).build();
        String token = f.issue(new TokenRequestSpec(List.of(), 600L, new BoundObjectRef("Pod", "v1", "web-0", ""))).token();
        assertThat(longTtl.verify(token)).isInstanceOf(Authenticated.class);
        f.clock.advance(Duration.ofSeconds(600 + 59)); // within the minute of leeway
        assertThat(longTtl.verify(token)).isInstanceOf(Authenticated.class);
        assertThat(longTtl.stats().cacheHits()).isEqualTo(1);

        f.clock.advance(Duration.ofSeconds(2));

        assertThat(longTtl.verify(token)).isEqualTo(new Rejected(FailureReason.EXPIRED, "service account token has expired"));
    }

    @Test
    void theAudiencesOfACachedEntry_cannotBeChangedByTheCallersList() {
        TokenFixture f = new TokenFixture(SigningAlgorithm.ES256);
        String token = f.issue(new TokenRequestSpec(List.of("a"), null, null)).token();
        List<String> wanted = new ArrayList<>(List.of("a"));
        assertThat(f.verifier.verify(token, wanted)).isInstanceOf(Authenticated.class);

        wanted.set(0, "c"); // had the cache kept this list as its key, ["c"] would now find the success for ["a"]

        assertThat(f.verifier.verify(token, wanted)).isEqualTo(new Rejected(FailureReason.INVALID_AUDIENCE,
                "token audiences [\"a\"] is invalid for the target audiences [\"c\"]"));
        assertThat(f.verifier.verify(token, List.of("a"))).isInstanceOf(Authenticated.class);
        assertThat(f.verifier.stats().cacheHits()).isEqualTo(1);
    }
}
