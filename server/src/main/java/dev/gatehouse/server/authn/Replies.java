package dev.gatehouse.server.authn;

import dev.gatehouse.auth.tokens.JsonResponse;
import dev.gatehouse.server.http.Reply;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Copies the auth module's transport-free responses onto HTTP replies, and the one Status the server writes itself. */
final class Replies {

    /** kube-apiserver's answer to a request without valid credentials, byte for byte. */
    static final byte[] UNAUTHORIZED_BODY = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
            + "\"status\":\"Failure\",\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}")
            .getBytes(StandardCharsets.UTF_8);

    private Replies() {}

    static Reply unauthorized() {
        return Reply.of(401, "unauthorized", Reply.JSON, UNAUTHORIZED_BODY);
    }

    /**
     * The response as a reply. Several values of one header (Warning) are joined with ", ", which HTTP defines as
     * equivalent to repeating the header and client-go's warning parser reads.
     */
    static Reply from(JsonResponse response, String outcome) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
            headers.put(header.getKey(), String.join(", ", header.getValue()));
        }
        return new Reply(response.status(), outcome, response.contentType(), Buffer.buffer(response.body()), headers);
    }

    /** A short, bounded metrics label for a status code. */
    static String outcome(int status) {
        return switch (status) {
            case 200 -> "ok";
            case 201 -> "issued";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 409 -> "conflict";
            default -> status >= 500 ? "error" : "bad_request";
        };
    }
}
