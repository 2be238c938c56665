package dev.gatehouse.auth.tokens;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link TokenVerifier} concluded about a token: {@link Authenticated}, {@link Rejected} (ours, but invalid:
 * a reason code and kube-apiserver's message), or {@link NotMine} (not a JWT of an accepted issuer: let the next
 * authenticator try, report no error). Immutable.
 */
public sealed interface VerificationResult {

    /** A valid token: who it is, the audiences it was accepted for, and audit annotations to record. */
    record Authenticated(Identity identity, List<String> audiences, Map<String, String> auditAnnotations)
            implements VerificationResult {
        public Authenticated {
            Objects.requireNonNull(identity, "identity");
            audiences = List.copyOf(audiences);
            auditAnnotations = Map.copyOf(auditAnnotations);
        }
    }

    /** A token of ours that must not authenticate. */
    record Rejected(FailureReason reason, String message) implements VerificationResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Not a token of an issuer we accept: no error. */
    record NotMine() implements VerificationResult {}

    /** The single {@link NotMine} value. */
    NotMine NOT_MINE = new NotMine();
}
