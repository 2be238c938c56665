package dev.gatehouse.policy.constraint.driver.rego;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.NullValue;
import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import java.math.BigDecimal;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Converts a Jackson tree to Rego values by walking it, with the same result as printing the tree as JSON and
 * parsing the text ({@link ValueJson#fromNode}) but without the text: on the webhook path that round trip cost more
 * than evaluating the template. Floating-point numbers still go through their JSON text, because a Rego number keeps
 * the literal it was written as; anything that is not plain JSON (binary, POJO nodes, non-finite doubles) is left
 * to {@link ValueJson#fromNode}, which rejects or encodes it exactly as before.
 *
 * <p>Stateless. Recursion depth is the tree's depth, which the JSON and YAML readers already bound.
 */
final class JsonValues {
    private JsonValues() {}

    static Value fromJson(JsonNode node) {
        if (node == null) {
            return NullValue.INSTANCE;
        }
        switch (node.getNodeType()) {
            case OBJECT -> {
                if (node.isEmpty()) {
                    return ObjectValue.EMPTY;
                }
                ObjectValue.Builder object = ObjectValue.builder();
                for (Map.Entry<String, JsonNode> property : node.properties()) {
                    object.put(StringValue.of(property.getKey()), fromJson(property.getValue()));
                }
                return object.build();
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
