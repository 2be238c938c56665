package dev.gatehouse.auth.tokens;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token IDs ({@code jti}) that must no longer authenticate, for the cases deleting the bound object cannot cover
 * (a leaked token bound only to its service account). An entry can be kept until the token's own expiry, after
 * which it is pruned. The verifier consults the list on every verification, cached or not, so a revocation takes
 * effect at once. Thread-safe; lookups are one concurrent map read, and none at all while the list is empty.
 */
public final class RevocationList {

    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile boolean empty = true;

    public RevocationList(Clock clock) {
        this.clock = clock;
    }

    public RevocationList() {
        this(Clock.systemUTC());
    }

    /** Revokes a jti for good. */
    public void revoke(String jti) {
        revoke(jti, Instant.MAX);
    }

    /** Revokes a jti until {@code until} (typically the token's exp; afterwards the token is expired anyway). */
    public void revoke(String jti, Instant until) {
        if (jti == null || jti.isEmpty()) {
            throw new IllegalArgumentException("The token ID (jti) to revoke may not be empty.");
        }
        revoked.merge(jti, until, (a, b) -> a.isAfter(b) ? a : b);
        empty = false;
    }

    /** Lifts a revocation. */
    public void unrevoke(String jti) {
        revoked.remove(jti);
    }

    public boolean isRevoked(String jti) {
        if (empty || jti == null) {
            return false;
        }
        Instant until = revoked.get(jti);
        return until != null && clock.instant().isBefore(until);
    }

    /** Drops entries whose time has passed. */
    public void prune() {
        Instant now = clock.instant();
        revoked.values().removeIf(until -> !now.isBefore(until));
    }

    public int size() {
        return revoked.size();
    }
}
