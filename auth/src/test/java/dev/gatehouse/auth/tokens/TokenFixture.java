package dev.gatehouse.auth.tokens;

import java.time.Instant;
import java.util.List;

/** An issuer and verifier over the same keys, objects and clock. */
final class TokenFixture {
    static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    final MutableClock clock = new MutableClock(START);
    final MutableObjects objects = MutableObjects.standard();
    final RevocationList revocations = new RevocationList(clock);
    final KeySet keys;
    final TokenIssuer issuer;
    final TokenVerifier verifier;

    TokenFixture(SigningAlgorithm algorithm) {
        this(algorithm, true);
    }

    TokenFixture(SigningAlgorithm algorithm, boolean cache) {
        try {
            keys = TestKeys.keySet(algorithm);
            issuer = TokenIssuer.builder(keys, ISSUER).objects(objects).clock(clock).build();
            TokenVerifier.Builder b = TokenVerifier.builder(keys, List.of(ISSUER)).objects(objects).clock(clock)
                    .revocations(revocations);
            verifier = (cache ? b : b.noCache()).build();
        } catch (KeyException e) {
            throw new AssertionError(e);
        }
    }

    IssuedToken issue(TokenRequestSpec spec) {
        try {
            return issuer.issue("default", "builder", spec);
        } catch (TokenRequestException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    IssuedToken issuePodBound() {
        return issue(new TokenRequestSpec(List.of(), null, new BoundObjectRef("Pod", "v1", "web-0", "")));
    }
}
