package dev.gatehouse.auth.tokens;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parses the JSON of a JOSE header or JWT payload strictly: valid UTF-8, a single object, at most
 * {@value #MAX_DEPTH} levels deep, and no property name twice in one object. Duplicate names are how a token
 * says one thing to one parser and another to the next ({"iss":"ours","iss":"theirs"}), so they are an error here
 * rather than "last one wins".
 */
final class StrictJson {

    static final int MAX_DEPTH = 32;
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Why a document was refused. */
    static final class JsonProblem extends Exception {
        final boolean duplicate;

        JsonProblem(String message, boolean duplicate) {
            super(message, null, false, false);
            this.duplicate = duplicate;
        }
    }

    /** Whether the bytes are well-formed UTF-8. */
    static boolean isUtf8(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                try {
                    StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes));
                    return true;
                } catch (CharacterCodingException e) {
                    return false;
                }
            }
        }
        return true; // pure ASCII, the common case, without a decoder
    }

    /** Parses one JSON object; anything else (arrays, trailing data, duplicates) is a {@link JsonProblem}. */
    static ObjectNode parseObject(byte[] json) throws JsonProblem {
        try (JsonParser parser = MAPPER.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonProblem("not a JSON object", false);
            }
            ObjectNode root = readObject(parser, 1);
            if (parser.nextToken() != null) {
                throw new JsonProblem("unexpected data after the JSON object", false);
            }
            return root;
        } catch (JacksonException e) {
            throw new JsonProblem("invalid JSON: " + e.getOriginalMessage(), false);
        }
    }

    private static ObjectNode readObject(JsonParser parser, int depth) throws JsonProblem {
        ObjectNode object = NODES.objectNode();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            if (object.has(name)) {
                throw new JsonProblem("duplicate JSON property \"" + name + "\"", true);
            }
            parser.nextToken();
            object.set(name, readValue(parser, depth));
        }
        return object;
    }

    private static JsonNode readValue(JsonParser parser, int depth) throws JsonProblem {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> {
                checkDepth(depth + 1);
                yield readObject(parser, depth + 1);
            }
            case START_ARRAY -> {
                checkDepth(depth + 1);
                ArrayNode array = NODES.arrayNode();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    array.add(readValue(parser, depth + 1));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.stringNode(parser.getString());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT, LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonProblem("unexpected JSON token " + token, false);
        };
    }

    private static void checkDepth(int depth) throws JsonProblem {
        if (depth > MAX_DEPTH) {
            throw new JsonProblem("JSON nested deeper than " + MAX_DEPTH + " levels", false);
        }
    }

    private StrictJson() {}
}
