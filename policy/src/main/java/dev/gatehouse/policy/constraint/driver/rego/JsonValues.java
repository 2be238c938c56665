package dev.gatehouse.policy.constraint.driver.rego;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.KeyStrings;
import dev.gatehouse.rego.value.NullValue;
import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import java.math.BigDecimal;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts between Jackson trees and Rego values by walking them. From a tree: with the same result as printing the tree as JSON and
 * parsing the text ({@link ValueJson#fromNode}) but without the text: on the webhook path that round trip cost more
 * than evaluating the template. Floating-point numbers still go through their JSON text, because a Rego number keeps
 * the literal it was written as; anything that is not plain JSON (binary, POJO nodes, non-finite doubles) is left
 * to {@link ValueJson#fromNode}, which rejects or encodes it exactly as before.
 *
 * <p>Stateless. Recursion depth is the tree's depth, which the JSON and YAML readers already bound.
 */
final class JsonValues {
    private JsonValues() {}

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * A Rego value as the Jackson tree that reading its JSON text ({@link ValueJson#toJson}) gives, built directly:
     * violation details are converted on every violation. Sets become arrays and non-string keys their JSON text,
     * as in the text; numbers still go through their text, so that each becomes the node type reading it gives.
     */
    static JsonNode toJson(Value value) {
        return switch (value) {
            case NullValue n -> NODES.nullNode();
            case BooleanValue b -> NODES.booleanNode(b.value());
            case StringValue s -> NODES.stringNode(s.value());
            case NumberValue n -> JSON.readTree(ValueJson.toJson(n));
            case ArrayValue a -> {
                ArrayNode array = NODES.arrayNode(a.size());
                for (Value e : a) {
                    array.add(toJson(e));
                }
                yield array;
            }
            case SetValue set -> {
                ArrayNode array = NODES.arrayNode(set.size());
                for (Value e : set) {
                    array.add(toJson(e));
                }
                yield array;
            }
            case ObjectValue o -> {
                ObjectNode object = NODES.objectNode();
                for (int i = 0; i < o.size(); i++) {
                    // A repeated key text (1 and "1") keeps its first position and takes the later value, as reading.
                    object.set(ValueJson.keyText(o.keyAt(i)), toJson(o.valueAt(i)));
                }
                yield object;
            }
        };
    }

    private static final Function<Object, Value> FROM_JSON = source -> fromJson((JsonNode) source);

    /**
     * A Jackson tree as a Rego value. Objects take their values lazily ({@link ObjectValue#ofDistinctLazy}), so the
     * tree must not change afterwards; the driver's trees (the review, parameters, inventory) never do.
     */
    static Value fromJson(JsonNode node) {
        if (node == null) {
            return NullValue.INSTANCE;
        }
        switch (node.getNodeType()) {
            case OBJECT -> {
                if (node.isEmpty()) {
                    return ObjectValue.EMPTY;
                }
                // A JSON object's names are distinct, so the entries need sorting but no duplicate detection. Its
                // values are converted when a policy first reads them: most of a large document is never read.
                Value[] keys = new Value[node.size()];
                Object[] values = new Object[keys.length];
                int i = 0;
                for (Map.Entry<String, JsonNode> property : node.properties()) {
                    // Canonical key strings: the policy's lookups by constant then match by identity.
                    keys[i] = StringValue.of(KeyStrings.canonical(property.getKey()));
                    values[i++] = property.getValue();
                }
                return ObjectValue.ofDistinctLazy(keys, values, FROM_JSON);
            }
            case ARRAY -> {
                if (node.isEmpty()) {
                    return ArrayValue.EMPTY;
                }
                Value[] elements = new Value[node.size()];
                for (int i = 0; i < elements.length; i++) {
                    elements[i] = fromJson(node.get(i));
                }
                return ArrayValue.of(elements);
            }
            case STRING -> {
                return StringValue.of(node.stringValue());
            }
            case BOOLEAN -> {
                return node.booleanValue() ? BooleanValue.TRUE : BooleanValue.FALSE;
            }
            case NULL -> {
                return NullValue.INSTANCE;
            }
            case NUMBER -> {
                if (node.isIntegralNumber()) {
                    return node.canConvertToLong() ? NumberValue.of(node.longValue())
                            : NumberValue.of(node.bigIntegerValue());
                }
                if (!node.isDouble() && !node.isFloat() || Double.isFinite(node.doubleValue())) {
                    String text = node.toString();
                    return NumberValue.withText(NumberValue.of(new BigDecimal(text)), text);
                }
                return ValueJson.fromNode(node);
            }
            default -> {
                return ValueJson.fromNode(node);
            }
        }
    }
}
