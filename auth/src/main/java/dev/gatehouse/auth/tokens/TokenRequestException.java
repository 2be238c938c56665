package dev.gatehouse.auth.tokens;

/**
 * A TokenRequest failed the way kube-apiserver fails it: an HTTP status code, the metav1.Status reason
 * (BadRequest, NotFound, Conflict, Invalid, Forbidden, InternalError) and upstream's message.
 */
public final class TokenRequestException extends Exception {
    private final int code;
    private final String reason;

    public TokenRequestException(int code, String reason, String message) {
        super(message);
        this.code = code;
        this.reason = reason;
    }

    /** HTTP status code: 400, 403, 404, 409, 422 or 500. */
    public int code() {
        return code;
    }

    /** metav1.Status reason. */
    public String reason() {
        return reason;
    }

    static TokenRequestException notFound(String resource, String name) {
        return new TokenRequestException(404, "NotFound", resource + " \"" + name + "\" not found");
    }

    static TokenRequestException badRequest(String message) {
        return new TokenRequestException(400, "BadRequest", message);
    }

    static TokenRequestException invalid(String name, String field, String value, String detail) {
        return new TokenRequestException(422, "Invalid",
                "TokenRequest.authentication.k8s.io \"" + name + "\" is invalid: " + field + ": Invalid value: " + value + ": " + detail);
    }

    static TokenRequestException internal(String message) {
        return new TokenRequestException(500, "InternalError", "Internal error occurred: " + message);
    }
}
