package dev.gatehouse.server.http;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * What an endpoint answers: status, content type, body, extra headers, and the outcome label under which the
 * request is counted in the metrics (a short fixed word such as {@code allowed}, {@code denied}, {@code ok}).
 */
public record Reply(int status, String outcome, String contentType, Buffer body, Map<String, String> headers) {

    public static final String JSON = "application/json";
    public static final String TEXT = "text/plain; charset=utf-8";

    public Reply {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    public static Reply of(int status, String outcome, String contentType, byte[] body) {
        return new Reply(status, outcome, contentType, Buffer.buffer(body), Map.of());
    }

    /** A plain-text answer; a newline is appended so that curl output ends cleanly. */
    public static Reply text(int status, String outcome, String text) {
        return of(status, outcome, TEXT, (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public Reply withHeader(String name, String value) {
        Map<String, String> copy = new java.util.LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Reply(status, outcome, contentType, body, copy);
    }
}
