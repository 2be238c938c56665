package dev.gatehouse.auth.tokens;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.random.RandomGenerator;
import tools.jackson.databind.node.ObjectNode;

/**
 * The token of a projected service account token volume, for Java clients running in a pod. The kubelet rewrites
 * the file well before the token expires; a client that read it once would keep sending a dead token (the seed
 * issue: "Client libraries need to change to reload tokens"). This source re-reads the file when it changes, and
 * also when the kubelet's own rotation rule says a fresh token should be there by now:
 * <ul>
 *   <li>now &gt; iat + 24h - jitter, or</li>
 *   <li>now &gt; exp - 20% of (exp - iat) - jitter, or</li>
 *   <li>now &lt; iat (the clock jumped backwards),</li>
 * </ul>
 * with jitter 0-10 s. When the token carries {@code warnafter} (an extended token), warnafter stands in for exp,
 * as the kubelet refreshes on the requested, not the extended, lifetime. It never hands out an expired token: if
 * the file still holds one after a re-read, {@link #token()} throws {@link ExpiredTokenException}.
 *
 * <pre>{@code
 * ProjectedTokenSource tokens = ProjectedTokenSource.of(Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token"));
 * request.header("Authorization", "Bearer " + tokens.token());   // on every request; cheap when nothing changed
 * }</pre>
 *
 * <p>Thread-safe: readers share the current token; one re-read happens at a time. The file is checked for
 * changes at most once per {@code checkInterval} (default 1 s).
 */
public final class ProjectedTokenSource {

    static final Duration MAX_TTL = Duration.ofHours(24);
    static final Duration MAX_JITTER = Duration.ofSeconds(10);
    private static final long MAX_FILE_BYTES = TokenVerifier.MAX_TOKEN_LENGTH;

    /** The token in the file has expired and no fresh one has been written. */
    public static final class ExpiredTokenException extends IllegalStateException {
        public ExpiredTokenException(String message) {
            super(message);
        }
    }

    /** The token file cannot be read or does not hold a JWT. */
    public static final class TokenFileException extends IllegalStateException {
        public TokenFileException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Snapshot(String token, Instant issuedAt, Instant expiry, Instant refreshAt, Object fileKey,
                            long modified, long size, Instant checkedAt) {}

    private final Path file;
    private final Clock clock;
    private final Duration checkInterval;
    private final RandomGenerator random;
    private volatile Snapshot current;

    private ProjectedTokenSource(Path file, Clock clock, Duration checkInterval, RandomGenerator random) {
        this.file = Objects.requireNonNull(file, "file");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.checkInterval = Objects.requireNonNull(checkInterval, "checkInterval");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A source for the file with the system clock. */
    public static ProjectedTokenSource of(Path file) {
        return new ProjectedTokenSource(file, Clock.systemUTC(), Duration.ofSeconds(1), RandomGenerator.getDefault());
    }

    /** A source with an injected clock, change-check interval and jitter source (tests). */
    public static ProjectedTokenSource of(Path file, Clock clock, Duration checkInterval, RandomGenerator random) {
        return new ProjectedTokenSource(file, clock, checkInterval, random);
    }

    /** The current token; re-reads the file when it changed or the rotation rule says so. */
    public String token() {
        Instant now = clock.instant();
        Snapshot snapshot = current;
        if (snapshot == null || needsLook(snapshot, now)) {
            snapshot = refresh(now);
        }
        if (!now.isBefore(snapshot.expiry)) {
            throw new ExpiredTokenException("the service account token in " + file + " expired at " + snapshot.expiry
                    + " and the kubelet has not written a new one");
        }
        return snapshot.token;
    }

    private boolean needsLook(Snapshot s, Instant now) {
        return now.isAfter(s.refreshAt) || now.isBefore(s.issuedAt) || !now.isBefore(s.expiry)
                || !now.isBefore(s.checkedAt.plus(checkInterval)) || now.isBefore(s.checkedAt);
    }

    private synchronized Snapshot refresh(Instant now) {
        Snapshot s = current;
        if (s != null && !needsLook(s, now)) {
            return s; // another thread refreshed while we waited
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            if (s != null) {
                return stillValid(s, now, e.toString()); // like the kubelet: keep serving the old token until it expires
            }
            throw new TokenFileException("cannot read the service account token file " + file + ": " + e.getMessage(), e);
        }
        boolean changed = s == null || !Objects.equals(attributes.fileKey(), s.fileKey)
                || attributes.lastModifiedTime().toMillis() != s.modified || attributes.size() != s.size;
        boolean ruleSaysRefresh = s != null && (now.isAfter(s.refreshAt) || now.isBefore(s.issuedAt) || !now.isBefore(s.expiry));
        Snapshot next;
        if (changed || ruleSaysRefresh) {
            try {
                next = read(attributes, now);
            } catch (TokenFileException e) {
                if (s != null) {
                    return stillValid(s, now, e.getMessage());
                }
                throw e;
            }
        } else {
            next = new Snapshot(s.token, s.issuedAt, s.expiry, s.refreshAt, s.fileKey, s.modified, s.size, now);
        }
        current = next;
        return next;
    }

    private Snapshot stillValid(Snapshot s, Instant now, String problem) {
        if (now.isBefore(s.expiry)) {
            return s;
        }
        throw new ExpiredTokenException("the service account token in " + file + " expired at " + s.expiry
                + " and re-reading the file failed: " + problem);
    }

    private Snapshot read(BasicFileAttributes attributes, Instant now) {
        String token;
        try {
            if (attributes.size() > MAX_FILE_BYTES) {
                throw new TokenFileException(file + " is larger than " + MAX_FILE_BYTES + " bytes: not a token", null);
            }
            token = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new TokenFileException("cannot read the service account token file " + file + ": " + e.getMessage(), e);
        }
        TokenClaims claims = claims(token);
        if (claims.expiry() == null) {
            throw new TokenFileException(file + " holds a token without exp; not a bound service account token", null);
        }
        Instant exp = Instant.ofEpochSecond(claims.expiry());
        Instant iat = claims.issuedAt() != null ? Instant.ofEpochSecond(claims.issuedAt()) : now;
        Instant softExpiry = claims.warnAfter() != null && claims.warnAfter() > 0
                ? Instant.ofEpochSecond(Math.min(claims.warnAfter(), claims.expiry())) : exp;
        long ttlSeconds = Math.max(0, softExpiry.getEpochSecond() - iat.getEpochSecond());
        Duration jitter = Duration.ofMillis((long) (random.nextDouble() * MAX_JITTER.toMillis()));
        Instant byAge = iat.plus(MAX_TTL).minus(jitter);
        Instant byRemaining = softExpiry.minusSeconds(ttlSeconds * 20 / 100).minus(jitter);
        Instant refreshAt = byAge.isBefore(byRemaining) ? byAge : byRemaining;
        return new Snapshot(token, iat, exp, refreshAt, attributes.fileKey(), attributes.lastModifiedTime().toMillis(),
                attributes.size(), now);
    }

    /** The unverified claims: the client only needs iat/exp to schedule re-reads; the server verifies. */
    private TokenClaims claims(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new TokenFileException(file + " does not hold a JWT (expected three dot-separated parts)", null);
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
            ObjectNode json = StrictJson.parseObject(payload);
            return TokenClaims.fromJson(json);
        } catch (IllegalArgumentException | StrictJson.JsonProblem | TokenClaims.ClaimException e) {
            throw new TokenFileException(file + " does not hold a readable JWT: " + e.getMessage(), e);
        }
    }
}
