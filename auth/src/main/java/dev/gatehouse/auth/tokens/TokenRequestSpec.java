package dev.gatehouse.auth.tokens;

import java.util.List;

/**
 * TokenRequest {@code spec} (authentication.k8s.io/v1): audiences (empty = the server's), expirationSeconds (null
 * = the default, 3600) and an optional bound object.
 */
public record TokenRequestSpec(List<String> audiences, Long expirationSeconds, BoundObjectRef boundObjectRef) {

    /** The API default for {@code expirationSeconds}. */
    public static final long DEFAULT_EXPIRATION_SECONDS = 3600;

    public TokenRequestSpec {
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
    }

    /** A spec with the server defaults: its audiences, one hour, not bound. */
    public static TokenRequestSpec defaults() {
        return new TokenRequestSpec(List.of(), null, null);
    }
}
