package dev.gatehouse.auth.tokens;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A transport-free HTTP response: status, content type, extra headers (Cache-Control, Warning), body, and audit
 * annotations for the server to record. The server copies it onto its HTTP response unchanged. Immutable.
 */
public record JsonResponse(int status, String contentType, Map<String, List<String>> headers, byte[] body,
                           Map<String, String> auditAnnotations) {

    public JsonResponse {
        headers = Map.copyOf(headers);
        auditAnnotations = Map.copyOf(auditAnnotations);
    }

    static JsonResponse json(int status, byte[] body) {
        return new JsonResponse(status, "application/json", Map.of(), body, Map.of());
    }

    /** The body as text (for tests and logs). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
