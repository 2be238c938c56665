package dev.gatehouse.auth.tokens;

/**
 * Why a token that claims to be ours was rejected. Stable codes: they appear in the CLI's JSON output and in logs.
 * The human message (kube-apiserver's exact text where it has one) travels beside the code.
 */
public enum FailureReason {
    /** Longer than {@value TokenVerifier#MAX_TOKEN_LENGTH} characters; refused before any parsing. */
    TOO_LARGE,
    /** Header or payload is not base64url / UTF-8 / a JSON object, or a claim has the wrong type. */
    MALFORMED,
    /** The header or the payload names a JSON property twice. */
    DUPLICATE_CLAIM,
    /** alg is none, an HMAC, or anything but RS256/ES256/ES384/ES512. */
    UNSUPPORTED_ALGORITHM,
    /** No configured key has the token's kid ("invalid signature, no keys found"). */
    NO_KEYS,
    /** The token has no signature part. */
    MISSING_SIGNATURE,
    /** No candidate key verifies the signature. */
    INVALID_SIGNATURE,
    /** The token's audiences do not intersect the wanted ones. */
    INVALID_AUDIENCE,
    /** exp is more than a minute in the past. */
    EXPIRED,
    /** nbf is more than a minute in the future. */
    NOT_YET_VALID,
    /** iat is more than a minute in the future. */
    ISSUED_IN_FUTURE,
    /** The jti is on the revocation list. */
    REVOKED,
    /** The ServiceAccount does not exist. */
    SERVICE_ACCOUNT_NOT_FOUND,
    /** The ServiceAccount exists with another uid (deleted and re-created). */
    SERVICE_ACCOUNT_UID_MISMATCH,
    /** The ServiceAccount has been deleting for longer than the leeway. */
    SERVICE_ACCOUNT_DELETED,
    /** The bound Pod, Secret or Node is gone or deleting ("service account token has been invalidated"). */
    INVALIDATED,
    /** The bound Pod, Secret or Node exists with another uid. */
    BOUND_OBJECT_UID_MISMATCH,
    /** The cluster state could not be read; retrying may succeed. */
    LOOKUP_FAILED
}
