package dev.gatehouse.auth.tokens;

import dev.gatehouse.policy.text.GoQuote;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import dev.gatehouse.auth.tokens.VerificationResult.Authenticated;
import dev.gatehouse.auth.tokens.VerificationResult.Rejected;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Verifies bound service account tokens as kube-apiserver's service account authenticator does
 * (pkg/serviceaccount/jwt.go and claims.go), in the same order and with the same error texts:
 * <ol>
 *   <li>a 3-part compact JWT not starting with "{" whose unverified {@code iss} is an accepted issuer — otherwise
 *       {@link VerificationResult#NOT_MINE}, no error;</li>
 *   <li>the signature, with the keys carrying the token's kid (all keys without one): "invalid signature, no keys
 *       found" when none;</li>
 *   <li>audiences: the token's {@code aud} must intersect the wanted audiences (default: the server's); empty aud
 *       is a legacy token, held to the server's audiences;</li>
 *   <li>time, with a minute of leeway: expired / not valid yet / issued in the future;</li>
 *   <li>revocation by jti ({@link RevocationList}; ours, not upstream's);</li>
 *   <li>object lookups with cutoff now - 1 min: the ServiceAccount (uid, deletion), a bound Secret or Pod, a bound
 *       Node for node-only tokens;</li>
 *   <li>warnafter: past it, audit annotation {@code authentication.k8s.io/stale-token}, never a failure.</li>
 * </ol>
 * Hostile input is refused before it costs anything: tokens over 64 KiB before parsing, non-UTF-8 and
 * duplicate JSON properties in header or payload, algorithms other than RS256/ES256/ES384/ES512 (none, HS256 with
 * the public key as secret), headers with {@code crit}. Keys are looked up by kid in a map, never a path.
 * Legacy Secret-based tokens (iss {@code kubernetes/serviceaccount}) are accepted only when enabled
 * ({@link Builder#legacyTokens(boolean)}), with upstream's legacy rules.
 *
 * <p>Results are cached (Caffeine, default 10 s for successes, capped at the token's expiry; failures not cached);
 * concurrent identical requests share one verification. The cache key is a SHA-256, keyed with a per-process random
 * secret, of the token's signature segment, plus the requested audiences ({@link TokenHasher}); the entry keeps the
 * token's header.payload part, which a hit compares with the presented token's. So a hit needs the very same token
 * (the same signature with another payload is verified from scratch, and the cached entry is left alone), the
 * cache never holds a usable token (the payload is not a credential without the signature, of which it holds only a
 * keyed hash), and a hit hashes ~90 bytes instead of the whole token. Expiry, revocations and the stale-token
 * annotation are re-evaluated on every hit.
 *
 * <pre>{@code
 * TokenVerifier verifier = TokenVerifier.builder(keys, List.of("https://kubernetes.default.svc.cluster.local"))
 *         .objects(objects)
 *         .build();
 * switch (verifier.verify(token)) {
 *     case VerificationResult.Authenticated a -> allow(a.identity());
 *     case VerificationResult.Rejected r -> deny(r.message());
 *     case VerificationResult.NotMine n -> tryNextAuthenticator();
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class TokenVerifier {

    /** Longest token accepted, in characters (a token is ASCII, so also bytes). */
    public static final int MAX_TOKEN_LENGTH = 64 * 1024;
    public static final String STALE_TOKEN_ANNOTATION = "authentication.k8s.io/stale-token";
    public static final String LEGACY_TOKEN_ANNOTATION = "authentication.k8s.io/legacy-token";
    /** go-jose's message for any signature that does not verify (upstream reports it unchanged). */
    static final String CRYPTO_FAILURE = "go-jose/go-jose: error in cryptographic primitive";
    static final String INVALIDATED = "service account token has been invalidated";
    private static final long LEEWAY_MILLIS = 60_000;

    private final KeySet keys;
    private final Set<String> issuers;
    private final List<String> apiAudiences;
    private final TokenObjects objects;
    private final Clock clock;
    private final RevocationList revocations;
    private final boolean acceptLegacy;
    private final AsyncCache<TokenHasher.Key, Cached> cache;
    private final TokenHasher hasher;
    private final LongAdder staleTokens = new LongAdder();
    private final LongAdder legacyTokens = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder cacheMisses = new LongAdder();

    /** A verification outcome plus what the hit path needs to re-check it without parsing the token again. */
    record Entry(VerificationResult result, long notAfterMillis, String jti, long warnAfterSeconds, String subject) {}

    /**
     * What the cache holds: an entry and the header.payload part of the token it was made for. The key only covers the
     * signature, so a hit must also find this part identical to the presented token's.
     */
    record Cached(String signedPart, Entry entry) {

        /** Whether {@code token}, whose signature starts at {@code signatureStart} and matched the key, is this token. */
        boolean isFor(String token, int signatureStart) {
            int n = signedPart.length();
            return n == signatureStart - 1 && token.regionMatches(0, signedPart, 0, n);
        }
    }

    /** Counters since start, for metrics. */
    public record Stats(long staleTokens, long legacyTokens, long cacheHits, long cacheMisses) {}

    private TokenVerifier(Builder b) {
        this.keys = b.keys;
        this.issuers = Set.copyOf(b.issuers);
        this.apiAudiences = List.copyOf(b.apiAudiences);
        this.objects = b.objects;
        this.clock = b.clock;
        this.revocations = b.revocations;
        this.acceptLegacy = b.acceptLegacy;
        this.hasher = new TokenHasher();
        long successNanos = b.successTtl.toNanos();
        long failureNanos = b.failureTtl.toNanos();
        this.cache = b.successTtl.isZero() && b.failureTtl.isZero() ? null : Caffeine.newBuilder()
                .maximumSize(b.cacheSize)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .expireAfter(new Expiry<TokenHasher.Key, Cached>() {
                    @Override
                    public long expireAfterCreate(TokenHasher.Key key, Cached cached, long currentTime) {
                        Entry entry = cached.entry;
                        if (entry.result instanceof Authenticated) {
                            long untilExpiry = TimeUnit.MILLISECONDS.toNanos(entry.notAfterMillis) - currentTime;
                            return Math.max(0, Math.min(successNanos, untilExpiry));
                        }
                        return failureNanos;
                    }

                    @Override
                    public long expireAfterUpdate(TokenHasher.Key key, Cached cached, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, cached, currentTime);
                    }

                    @Override
                    public long expireAfterRead(TokenHasher.Key key, Cached cached, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .buildAsync();
    }

    /** A verifier accepting tokens of these issuers (the first is the one we sign as; all are accepted). */
    public static Builder builder(KeySet keys, List<String> issuers) {
        return new Builder(keys, issuers);
    }

    /** Verifies for the server's audiences. */
    public VerificationResult verify(String token) {
        return verify(token, null);
    }

    /**
     * Verifies for the wanted audiences (null or empty: the server's), from the cache when possible.
     */
    public VerificationResult verify(String token, List<String> audiences) {
        if (audiences != null && audiences.isEmpty()) {
            audiences = null;
        }
        if (cache == null || token == null || token.length() > MAX_TOKEN_LENGTH) {
            return verifyUncached(token, audiences);
        }
        // indexOf, unlike lastIndexOf, is a vectorised intrinsic: three forward scans beat one backward.
        int firstDot = token.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
        if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
            return verifyUncached(token, audiences); // not a 3-part JWT: "not mine" costs less than a cache key
        }
        int signatureStart = secondDot + 1;
        TokenHasher.Key key = hasher.key(token, signatureStart, audiences);
        if (key == null) {
            return verifyUncached(token, audiences); // a non-ASCII signature: invalid, and not safely hashable
        }
        CompletableFuture<Cached> cached = cache.getIfPresent(key);
        if (cached != null) {
            Cached hit = join(cached);
            if (hit.isFor(token, signatureStart)) {
                cacheHits.increment();
                return finish(hit.entry, token, audiences);
            }
            // The signature of a cached token with another header or payload: a forgery (or a replayed signature).
            // Verified from scratch, and the genuine token's entry stays.
            cacheMisses.increment();
            return verifyUncached(token, audiences);
        }
        cacheMisses.increment();
        CompletableFuture<Cached>[] mine = newFutureHolder();
        CompletableFuture<Cached> shared = cache.get(key.stable(), (k, executor) -> mine[0] = new CompletableFuture<>());
        if (shared != mine[0]) {
            Cached other = join(shared); // someone else is verifying a token with this signature right now
            return other.isFor(token, signatureStart) ? finish(other.entry, token, audiences) : verifyUncached(token, audiences);
        }
        try {
            Entry entry = compute(token, audiences);
            shared.complete(new Cached(token.substring(0, signatureStart - 1), entry));
            return finish(entry, token, audiences);
        } catch (RuntimeException | Error e) {
            shared.completeExceptionally(e);
            throw e;
        }
    }

    /** Verifies without the cache (tests, benchmarks, the CLI's inspect). */
    public VerificationResult verifyUncached(String token, List<String> audiences) {
        if (audiences != null && audiences.isEmpty()) {
            audiences = null;
        }
        return finish(compute(token, audiences), token, audiences);
    }

    public Stats stats() {
        return new Stats(staleTokens.sum(), legacyTokens.sum(), cacheHits.sum(), cacheMisses.sum());
    }

    /** The issuers this verifier accepts. */
    public Set<String> issuers() {
        return issuers;
    }

    /** The server's audiences. */
    public List<String> apiAudiences() {
        return apiAudiences;
    }

    @SuppressWarnings("unchecked")
    private static CompletableFuture<Cached>[] newFutureHolder() {
        return (CompletableFuture<Cached>[]) new CompletableFuture<?>[1];
    }

    private static Cached join(CompletableFuture<Cached> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** The per-request part: what may have changed since the entry was made (time, revocation, staleness). */
    private VerificationResult finish(Entry entry, String token, List<String> audiences) {
        if (!(entry.result instanceof Authenticated authenticated)) {
            return entry.result;
        }
        long now = clock.millis();
        if (now > entry.notAfterMillis) {
            return compute(token, audiences).result; // expired while cached: say so exactly as upstream would
        }
        if (revocations != null && revocations.isRevoked(entry.jti)) {
            return new Rejected(FailureReason.REVOKED, "service account token has been revoked");
        }
        if (entry.warnAfterSeconds != 0 && now > entry.warnAfterSeconds * 1000) {
            staleTokens.increment();
            long secondsAfter = now / 1000 - entry.warnAfterSeconds;
            Map<String, String> annotations = new HashMap<>(authenticated.auditAnnotations());
            annotations.put(STALE_TOKEN_ANNOTATION, "subject: " + entry.subject + ", seconds after warning threshold: " + secondsAfter);
            return new Authenticated(authenticated.identity(), authenticated.audiences(), annotations);
        }
        return authenticated;
    }

    static Entry failed(FailureReason reason, String message) {
        return new Entry(new Rejected(reason, message), Long.MAX_VALUE, null, 0, null);
    }

    private static final Entry NOT_MINE = new Entry(VerificationResult.NOT_MINE, Long.MAX_VALUE, null, 0, null);

    private Entry compute(String token, List<String> audiences) {
        if (token == null) {
            return NOT_MINE;
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            return failed(FailureReason.TOO_LARGE, "token is larger than " + MAX_TOKEN_LENGTH + " bytes");
        }
        if (token.strip().startsWith("{")) {
            return NOT_MINE;
        }
        int firstDot = token.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
        if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
            return NOT_MINE;
        }
        byte[] payloadBytes = base64url(token, firstDot + 1, secondDot);
        if (payloadBytes == null) {
            return NOT_MINE;
        }
        if (!StrictJson.isUtf8(payloadBytes)) {
            return failed(FailureReason.MALFORMED, "token payload is not valid UTF-8");
        }
        ObjectNode payload;
        try {
            payload = StrictJson.parseObject(payloadBytes);
        } catch (StrictJson.JsonProblem e) {
            if (e.duplicate) {
                return failed(FailureReason.DUPLICATE_CLAIM, "token payload has a " + e.getMessage());
            }
            return NOT_MINE;
        }
        JsonNode iss = payload.get("iss");
        if (iss == null || !iss.isString()) {
            return NOT_MINE;
        }
        boolean legacy = acceptLegacy && LegacyTokens.ISSUER.equals(iss.asString());
        if (!legacy && !issuers.contains(iss.asString())) {
            return NOT_MINE;
        }

        // From here on the token claims to be ours: every problem is an error.
        byte[] headerBytes = base64url(token, 0, firstDot);
        if (headerBytes == null) {
            return failed(FailureReason.MALFORMED, "token header is not valid base64url");
        }
        if (!StrictJson.isUtf8(headerBytes)) {
            return failed(FailureReason.MALFORMED, "token header is not valid UTF-8");
        }
        ObjectNode header;
        try {
            header = StrictJson.parseObject(headerBytes);
        } catch (StrictJson.JsonProblem e) {
            return e.duplicate
                    ? failed(FailureReason.DUPLICATE_CLAIM, "token header has a " + e.getMessage())
                    : failed(FailureReason.MALFORMED, "token header is malformed: " + e.getMessage());
        }
        JsonNode algNode = header.get("alg");
        String alg = algNode != null && algNode.isString() ? algNode.asString() : null;
        SigningAlgorithm algorithm = SigningAlgorithm.fromHeader(alg);
        if (algorithm == null) {
            return failed(FailureReason.UNSUPPORTED_ALGORITHM, "token signing algorithm "
                    + (alg == null ? "(missing)" : GoQuote.quote(alg)) + " is not supported (accepted: RS256, ES256, ES384, ES512)");
        }
        if (header.has("crit")) {
            return failed(FailureReason.MALFORMED, "token header has critical extensions (crit), which are not supported");
        }
        JsonNode kidNode = header.get("kid");
        if (kidNode != null && !kidNode.isString() && !kidNode.isNull()) {
            return failed(FailureReason.MALFORMED, "token header \"kid\" must be a string");
        }
        String kid = kidNode == null || kidNode.isNull() ? "" : kidNode.asString();
        List<KeySet.Verification> candidates = keys.candidates(kid);
        if (candidates.isEmpty()) {
            return failed(FailureReason.NO_KEYS, "invalid signature, no keys found");
        }
        if (secondDot == token.length() - 1) {
            return failed(FailureReason.MISSING_SIGNATURE, "token signature is missing");
        }
        byte[] signingInput = token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII);
        Base64URL signature = new Base64URL(token.substring(secondDot + 1));
        if (base64url(token, secondDot + 1, token.length()) == null) {
            return failed(FailureReason.INVALID_SIGNATURE, CRYPTO_FAILURE);
        }
        boolean verified = false;
        JWSHeader jwsHeader = new JWSHeader(algorithm.jws());
        for (KeySet.Verification candidate : candidates) {
            if (candidate.key().algorithm() != algorithm) {
                continue;
            }
            try {
                if (candidate.verifier().verify(jwsHeader, signingInput, signature)) {
                    verified = true;
                    break;
                }
            } catch (JOSEException e) {
                // A malformed signature for this key type: the same outcome as a wrong one.
            }
        }
        if (!verified) {
            return failed(FailureReason.INVALID_SIGNATURE, CRYPTO_FAILURE);
        }

        TokenClaims claims;
        try {
            claims = TokenClaims.fromJson(payload);
        } catch (TokenClaims.ClaimException e) {
            return failed(FailureReason.MALFORMED, "token claims are malformed: " + e.getMessage());
        }

        Map<String, String> annotations = Map.of();
        List<String> tokenAudiences = claims.audiences();
        if (tokenAudiences.isEmpty()) {
            legacyTokens.increment();
            annotations = Map.of(LEGACY_TOKEN_ANNOTATION, claims.subject() == null ? "" : claims.subject());
            tokenAudiences = apiAudiences;
        }
        List<String> requested = audiences == null ? apiAudiences : audiences;
        List<String> granted = intersect(tokenAudiences, requested);
        if (granted.isEmpty() && !apiAudiences.isEmpty()) {
            return failed(FailureReason.INVALID_AUDIENCE, "token audiences " + GoQuote.quoteList(tokenAudiences)
                    + " is invalid for the target audiences " + GoQuote.quoteList(requested));
        }

        if (legacy) {
            // Legacy tokens never expire by time; they live as long as their Secret holds them (legacy.go).
            try {
                return LegacyTokens.validate(payload, token, objects, granted, annotations);
            } catch (TokenObjects.LookupException e) {
                return failed(FailureReason.LOOKUP_FAILED, e.getMessage());
            }
        }

        long now = clock.millis();
        if (claims.notBefore() != null && now + LEEWAY_MILLIS < claims.notBefore() * 1000) {
            return failed(FailureReason.NOT_YET_VALID, "service account token is not valid yet");
        }
        if (claims.expiry() != null && now - LEEWAY_MILLIS > claims.expiry() * 1000) {
            return failed(FailureReason.EXPIRED, "service account token has expired");
        }
        if (claims.issuedAt() != null && now + LEEWAY_MILLIS < claims.issuedAt() * 1000) {
            return failed(FailureReason.ISSUED_IN_FUTURE, "service account token is issued in the future");
        }
        if (revocations != null && revocations.isRevoked(claims.jti())) {
            return failed(FailureReason.REVOKED, "service account token has been revoked");
        }

        Entry lookups;
        try {
            lookups = checkObjects(claims, now - LEEWAY_MILLIS, granted, annotations);
        } catch (TokenObjects.LookupException e) {
            return failed(FailureReason.LOOKUP_FAILED, e.getMessage());
        }
        return lookups;
    }

    private Entry checkObjects(TokenClaims claims, long cutoffMillis, List<String> granted, Map<String, String> annotations)
            throws TokenObjects.LookupException {
        String ns = claims.namespace();
        ObjectRef saRef = claims.serviceAccount();
        Optional<ServiceAccount> sa = objects.serviceAccount(ns, saRef.name());
        if (sa.isEmpty()) {
            return failed(FailureReason.SERVICE_ACCOUNT_NOT_FOUND, "serviceaccounts \"" + saRef.name() + "\" not found");
        }
        String saUid = uid(sa.get());
        if (!saUid.equals(saRef.uid())) {
            return failed(FailureReason.SERVICE_ACCOUNT_UID_MISMATCH,
                    "service account UID (" + saUid + ") does not match claim (" + saRef.uid() + ")");
        }
        if (deletedBefore(sa.get(), cutoffMillis)) {
            return failed(FailureReason.SERVICE_ACCOUNT_DELETED, "service account " + ns + "/" + saRef.name() + " has been deleted");
        }
        if (claims.secret() != null) {
            ObjectRef ref = claims.secret();
            Optional<Secret> secret = objects.secret(ns, ref.name());
            if (secret.isEmpty()) {
                return failed(FailureReason.INVALIDATED, INVALIDATED);
            }
            if (!ref.uid().equals(uid(secret.get()))) {
                return failed(FailureReason.BOUND_OBJECT_UID_MISMATCH, "secret UID (" + uid(secret.get())
                        + ") does not match service account secret ref claim (" + ref.uid() + ")");
            }
            if (deletedBefore(secret.get(), cutoffMillis)) {
                return failed(FailureReason.INVALIDATED, INVALIDATED);
            }
        }
        String podName = "", podUid = "";
        if (claims.pod() != null) {
            ObjectRef ref = claims.pod();
            Optional<Pod> pod = objects.pod(ns, ref.name());
            if (pod.isEmpty()) {
                return failed(FailureReason.INVALIDATED, INVALIDATED);
            }
            if (!ref.uid().equals(uid(pod.get()))) {
                return failed(FailureReason.BOUND_OBJECT_UID_MISMATCH, "pod UID (" + uid(pod.get())
                        + ") does not match service account pod ref claim (" + ref.uid() + ")");
            }
            if (deletedBefore(pod.get(), cutoffMillis)) {
                return failed(FailureReason.INVALIDATED, INVALIDATED);
            }
            podName = ref.name();
            podUid = ref.uid();
        }
        String nodeName = "", nodeUid = "";
        if (claims.node() != null) {
            ObjectRef ref = claims.node();
            if (claims.pod() == null) {
                Optional<Node> node = objects.node(ref.name());
                if (node.isEmpty()) {
                    return failed(FailureReason.INVALIDATED, INVALIDATED);
                }
                if (!ref.uid().equals(uid(node.get()))) {
                    return failed(FailureReason.BOUND_OBJECT_UID_MISMATCH, "node UID (" + uid(node.get())
                            + ") does not match service account node ref claim (" + ref.uid() + ")");
                }
                if (deletedBefore(node.get(), cutoffMillis)) {
                    return failed(FailureReason.INVALIDATED, INVALIDATED);
                }
            }
            // For a pod-bound token the node is only reported, never checked: pods outlive nothing on their node.
            nodeName = ref.name();
            nodeUid = ref.uid();
        }
        Identity identity = Identity.serviceAccount(ns, saRef.name(), saRef.uid(), podName, podUid, nodeName, nodeUid, claims.jti());
        long notAfter = claims.expiry() == null ? Long.MAX_VALUE : claims.expiry() * 1000 + LEEWAY_MILLIS;
        long warnAfter = claims.warnAfter() == null ? 0 : claims.warnAfter();
        return new Entry(new Authenticated(identity, granted, annotations), notAfter, claims.jti(), warnAfter, claims.subject());
    }

    private static String uid(HasMetadata object) {
        String uid = object.getMetadata() == null ? null : object.getMetadata().getUid();
        return uid == null ? "" : uid;
    }

    private static boolean deletedBefore(HasMetadata object, long cutoffMillis) {
        String deletion = object.getMetadata() == null ? null : object.getMetadata().getDeletionTimestamp();
        if (deletion == null || deletion.isEmpty()) {
            return false;
        }
        try {
            return Instant.parse(deletion).toEpochMilli() < cutoffMillis;
        } catch (DateTimeParseException e) {
            return true; // a deletion timestamp we cannot read still means the object is going away
        }
    }

    private static List<String> intersect(List<String> tokenAudiences, List<String> wanted) {
        List<String> out = null;
        for (String audience : tokenAudiences) {
            if (wanted.contains(audience)) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                if (!out.contains(audience)) {
                    out.add(audience);
                }
            }
        }
        return out == null ? List.of() : List.copyOf(out);
    }

    /** Strict unpadded base64url of token[from, to), or null (Go's RawURLEncoding rejects padding too). */
    private static byte[] base64url(String token, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = token.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return null;
            }
        }
        if ((to - from) % 4 == 1) {
            return null;
        }
        try {
            return java.util.Base64.getUrlDecoder().decode(token.substring(from, to));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Configures a {@link TokenVerifier}. Not thread-safe; the built verifier is. */
    public static final class Builder {
        private final KeySet keys;
        private final List<String> issuers;
        private List<String> apiAudiences;
        private TokenObjects objects = StaticTokenObjects.empty();
        private Clock clock = Clock.systemUTC();
        private RevocationList revocations;
        private Duration successTtl = Duration.ofSeconds(10);
        private Duration failureTtl = Duration.ZERO;
        private long cacheSize = 100_000;
        private boolean acceptLegacy;

        private Builder(KeySet keys, List<String> issuers) {
            this.keys = Objects.requireNonNull(keys, "keys");
            if (issuers.isEmpty() || issuers.stream().anyMatch(i -> i == null || i.isBlank())) {
                throw new IllegalArgumentException("At least one issuer is required, and issuers may not be empty.");
            }
            this.issuers = List.copyOf(new LinkedHashSet<>(issuers));
            this.apiAudiences = List.of(this.issuers.getFirst());
        }

        /** The server's audiences; default: the first issuer, as kube-apiserver defaults --api-audiences. */
        public Builder apiAudiences(List<String> audiences) {
            this.apiAudiences = List.copyOf(new LinkedHashSet<>(audiences));
            return this;
        }

        public Builder objects(TokenObjects objects) {
            this.objects = Objects.requireNonNull(objects, "objects");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder revocations(RevocationList revocations) {
            this.revocations = revocations;
            return this;
        }

        /** How long a success is reused (default 10 s, kube-apiserver's; never past the token's expiry). */
        public Builder successTtl(Duration ttl) {
            this.successTtl = requireNonNegative(ttl);
            return this;
        }

        /** How long a failure is reused (default 0: not cached, as upstream). */
        public Builder failureTtl(Duration ttl) {
            this.failureTtl = requireNonNegative(ttl);
            return this;
        }

        /** Turns the result cache off (both TTLs 0). */
        public Builder noCache() {
            this.successTtl = Duration.ZERO;
            this.failureTtl = Duration.ZERO;
            return this;
        }

        /**
         * Also accepts legacy Secret-based tokens (iss {@code kubernetes/serviceaccount}): valid while their Secret
         * exists and holds exactly this token, and the service account exists with the claimed uid. Off by default.
         */
        public Builder legacyTokens(boolean accept) {
            this.acceptLegacy = accept;
            return this;
        }

        public Builder cacheSize(long entries) {
            if (entries <= 0) {
                throw new IllegalArgumentException("The cache size must be positive.");
            }
            this.cacheSize = entries;
            return this;
        }

        private static Duration requireNonNegative(Duration ttl) {
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("A cache TTL may not be negative.");
            }
            return ttl;
        }

        public TokenVerifier build() {
            return new TokenVerifier(this);
        }
    }
}
