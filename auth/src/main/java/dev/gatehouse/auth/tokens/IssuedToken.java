package dev.gatehouse.auth.tokens;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a TokenRequest: the signed token, {@code status.expirationTimestamp} (now + the granted
 * expirationSeconds; for an extended token this is earlier than the JWT's exp), the spec as granted (defaulted
 * audiences, shortened expiration), the claims, warnings for the client and audit annotations.
 */
public record IssuedToken(String token, Instant expirationTimestamp, TokenRequestSpec grantedSpec, TokenClaims claims,
                          List<String> warnings, Map<String, String> auditAnnotations) {
    public IssuedToken {
        warnings = List.copyOf(warnings);
        auditAnnotations = Map.copyOf(auditAnnotations);
    }
}
