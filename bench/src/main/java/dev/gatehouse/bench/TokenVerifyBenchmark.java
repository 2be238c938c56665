package dev.gatehouse.bench;

import dev.gatehouse.auth.tokens.BoundObjectRef;
import dev.gatehouse.auth.tokens.IssuedToken;
import dev.gatehouse.auth.tokens.KeyGenerator;
import dev.gatehouse.auth.tokens.KeySet;
import dev.gatehouse.auth.tokens.ServiceAccountKey;
import dev.gatehouse.auth.tokens.SigningAlgorithm;
import dev.gatehouse.auth.tokens.StaticTokenObjects;
import dev.gatehouse.auth.tokens.TokenIssuer;
import dev.gatehouse.auth.tokens.TokenRequestException;
import dev.gatehouse.auth.tokens.TokenRequestSpec;
import dev.gatehouse.auth.tokens.TokenVerifier;
import dev.gatehouse.auth.tokens.VerificationResult;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Bound service account token costs: a cached verification (the hot path of every TokenReview; issue 5's goal is
 * at most 300 ns), uncached ES256 and RS256 verification (signature, claims, object lookups), and issuing ES256/RS256
 * tokens. Tokens are pod-bound, as the kubelet requests them, so they carry the full claim set. The {@code hitPart*}
 * methods time the pieces of a hit separately: the cache key (now, and the whole-token HMAC it replaced), the
 * header.payload comparison and the Caffeine lookup.
 *
 * <pre>java --sun-misc-unsafe-memory-access=allow -jar bench/target/benchmarks.jar TokenVerifyBenchmark -f 1 -wi 3 -i 5 -w 2s -r 2s -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TokenVerifyBenchmark {

    static final String ISSUER = "https://kubernetes.default.svc.cluster.local";

    TokenIssuer es256Issuer;
    TokenIssuer rs256Issuer;
    TokenVerifier cachedVerifier;
    TokenVerifier uncachedVerifier;
    String es256Token;
    String rs256Token;
    TokenRequestSpec podBound;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        StaticTokenObjects objects = StaticTokenObjects.of(List.of(
                new ServiceAccountBuilder().withNewMetadata().withNamespace("default").withName("builder").withUid("sa-uid-1").endMetadata().build(),
                new PodBuilder().withNewMetadata().withNamespace("default").withName("web-0").withUid("pod-uid-1").endMetadata()
                        .withNewSpec().withServiceAccountName("builder").withNodeName("node-a").endSpec().build(),
                new NodeBuilder().withNewMetadata().withName("node-a").withUid("node-uid-1").endMetadata().build()));
        ServiceAccountKey es = key(SigningAlgorithm.ES256);
        ServiceAccountKey rs = key(SigningAlgorithm.RS256);
        // Both keys verify; each issuer signs with its own (the first private key of its set).
        KeySet verifyKeys = KeySet.of(List.of(es, rs));
        es256Issuer = TokenIssuer.builder(KeySet.of(List.of(es)), ISSUER).objects(objects).build();
        rs256Issuer = TokenIssuer.builder(KeySet.of(List.of(rs)), ISSUER).objects(objects).build();
        podBound = new TokenRequestSpec(List.of(), 3600L, new BoundObjectRef("Pod", "v1", "web-0", ""));
        es256Token = es256Issuer.issue("default", "builder", podBound).token();
        rs256Token = rs256Issuer.issue("default", "builder", podBound).token();
        cachedVerifier = TokenVerifier.builder(verifyKeys, List.of(ISSUER)).objects(objects).successTtl(Duration.ofMinutes(30)).build();
        uncachedVerifier = TokenVerifier.builder(verifyKeys, List.of(ISSUER)).objects(objects).noCache().build();
        for (String token : List.of(es256Token, rs256Token)) {
            if (!(cachedVerifier.verify(token) instanceof VerificationResult.Authenticated)
                    || !(uncachedVerifier.verify(token) instanceof VerificationResult.Authenticated)) {
                throw new IllegalStateException("benchmark token does not verify");
            }
        }
        setUpBreakdown();
    }

    record BreakdownKey(long a, long b, long c, long d) {}

    Mac breakdownMac;
    final byte[] breakdownOut = new byte[32];
    final byte[] breakdownBuffer = new byte[32 + 512];
    final char[] breakdownChars = new char[512];
    MessageDigest breakdownSha256;
    String breakdownSignedPart;
    AsyncCache<BreakdownKey, Object> breakdownCache;
    BreakdownKey breakdownKey;

    private void setUpBreakdown() throws Exception {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        breakdownMac = Mac.getInstance("HmacSHA256");
        breakdownMac.init(new SecretKeySpec(secret, "HmacSHA256"));
        Clock clock = Clock.systemUTC();
        breakdownCache = Caffeine.newBuilder()
                .maximumSize(100_000)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .expireAfter(Expiry.creating((BreakdownKey k, Object v) -> Duration.ofMinutes(30)))
                .buildAsync();
        breakdownKey = new BreakdownKey(1, 2, 3, 4);
        new SecureRandom().nextBytes(secret);
        System.arraycopy(secret, 0, breakdownBuffer, 0, 32);
        breakdownSha256 = MessageDigest.getInstance("SHA-256");
        // A copy, not the token's own chars, so the comparison reads two arrays as a hit does.
        breakdownSignedPart = new String(es256Token.substring(0, es256Token.lastIndexOf('.')).toCharArray());
        breakdownCache.put(breakdownKey, CompletableFuture.completedFuture("entry"));
    }

    private static ServiceAccountKey key(SigningAlgorithm algorithm) throws Exception {
        KeyPair pair = KeyGenerator.generate(algorithm);
        return ServiceAccountKey.ofPair(pair.getPublic(), pair.getPrivate(), "benchmark " + algorithm);
    }

    @Benchmark
    public VerificationResult cachedVerify() {
        return cachedVerifier.verify(es256Token);
    }

    /**
     * Breakdown of a hit before issue 5: the cache key was an HMAC-SHA256 over the whole token (UTF-8 encoded per
     * call), on a thread-local Mac.
     */
    @Benchmark
    public byte[] hitPartHmacWholeToken() throws Exception {
        Mac mac = breakdownMac;
        mac.update((byte) 0);
        mac.update((byte) 2);
        byte[] bytes = es256Token.getBytes(StandardCharsets.UTF_8);
        mac.update(new byte[] {0, 0, (byte) (bytes.length >>> 8), (byte) bytes.length});
        mac.update(bytes);
        mac.doFinal(breakdownOut, 0);
        return breakdownOut;
    }

    /**
     * Breakdown of a hit: the cache key as the verifier computes it now, SHA-256(secret || signature segment), the
     * segment copied into reused buffers.
     */
    @Benchmark
    public byte[] hitPartKeyedHashSignature() throws Exception {
        MessageDigest sha256 = breakdownSha256;
        String token = es256Token;
        byte[] buffer = breakdownBuffer; // the secret, then the signature
        int from = token.lastIndexOf('.') + 1;
        int n = token.length() - from;
        char[] chars = breakdownChars;
        token.getChars(from, token.length(), chars, 0);
        int seen = 0;
        for (int i = 0; i < n; i++) {
            char c = chars[i];
            seen |= c;
            buffer[32 + i] = (byte) c;
        }
        sha256.update(buffer, 0, 32 + n);
        sha256.digest(breakdownOut, 0, 32);
        return seen < 0x80 ? breakdownOut : null;
    }

    /** Breakdown of a hit: finding the signature and comparing the header.payload part with the cached one. */
    @Benchmark
    public boolean hitPartCompareSignedPart() {
        String token = es256Token;
        int first = token.indexOf('.');
        int dot = token.indexOf('.', first + 1);
        return token.indexOf('.', dot + 1) < 0 && dot == breakdownSignedPart.length()
                && token.regionMatches(0, breakdownSignedPart, 0, dot);
    }

    /** Breakdown of a hit: the Caffeine lookup alone (same configuration as the verifier's: variable expiry, ticker). */
    @Benchmark
    public Object hitPartCaffeineLookup() {
        return breakdownCache.getIfPresent(breakdownKey).join();
    }

    /** A hit on an RS256 token: its 342-character signature makes the cache key 6 SHA-256 blocks, not 2. */
    @Benchmark
    public VerificationResult cachedVerifyRS256() {
        return cachedVerifier.verify(rs256Token);
    }

    @Benchmark
    @Threads(2)
    public VerificationResult cachedVerifyTwoThreads() {
        return cachedVerifier.verify(es256Token);
    }

    @Benchmark
    public VerificationResult uncachedVerifyES256() {
        return uncachedVerifier.verify(es256Token);
    }

    @Benchmark
    public VerificationResult uncachedVerifyRS256() {
        return uncachedVerifier.verify(rs256Token);
    }

    @Benchmark
    public IssuedToken issueES256() throws TokenRequestException {
        return es256Issuer.issue("default", "builder", podBound);
    }

    @Benchmark
    public IssuedToken issueRS256() throws TokenRequestException {
        return rs256Issuer.issue("default", "builder", podBound);
    }
}
