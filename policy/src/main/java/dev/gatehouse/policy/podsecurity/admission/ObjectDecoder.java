package dev.gatehouse.policy.podsecurity.admission;

import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the request's JSON tree into fabric8 model objects. A failure is a {@link DecodeException} whose message
 * names the offending field, e.g. {@code spec.containers[0].ports: expected a list}; it never escapes as a stack
 * trace. Thread-safe: the mapper is configured once and only read.
 */
final class ObjectDecoder {

    // Unknown fields are kept by the models' any-setters rather than rejected, as upstream's decoder ignores them.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ObjectDecoder() {
    }

    /** Why an object could not be decoded. */
    static final class DecodeException extends Exception {
        DecodeException(String message) {
            super(message, null, false, false);
        }
    }

    /** Whether the tree holds no object at all (absent or JSON null). */
    static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** The object's {@code kind}, or the empty string when it does not say. */
    static String kindOf(JsonNode node) {
        JsonNode kind = node.get("kind");
        return kind != null && kind.isString() ? kind.asString() : "";
    }

    /** The object's {@code apiVersion}, or the empty string when it does not say. */
    static String apiVersionOf(JsonNode node) {
        JsonNode apiVersion = node.get("apiVersion");
        return apiVersion != null && apiVersion.isString() ? apiVersion.asString() : "";
    }

    /** Decodes an object tree (which must not be absent) into {@code type}. */
    static <T> T decode(JsonNode node, Class<T> type) throws DecodeException {
        if (!node.isObject()) {
            throw new DecodeException("expected a JSON object, got " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JacksonException e) {
            throw new DecodeException(describe(e));
        } catch (RuntimeException e) {
            // Model setters and custom deserializers may throw plain exceptions on hostile input.
            throw new DecodeException(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private static String describe(JacksonException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            message = e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        String path = path(e.getPath());
        return path.isEmpty() ? message : path + ": " + message;
    }

    private static String path(List<JacksonException.Reference> references) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                out.append('[').append(reference.getIndex()).append(']');
            }
        }
        return out.toString();
    }
}
