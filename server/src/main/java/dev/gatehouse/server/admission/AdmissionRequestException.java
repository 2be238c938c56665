package dev.gatehouse.server.admission;

/**
 * The body is not an AdmissionReview the webhook can answer: too large, not JSON, wrong apiVersion or kind, no
 * request, no uid, or a request field of the wrong type. The message says which rule was broken and is sent to the
 * caller with HTTP 400.
 */
public final class AdmissionRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    public AdmissionRequestException(String message) {
        super(message);
    }
}
