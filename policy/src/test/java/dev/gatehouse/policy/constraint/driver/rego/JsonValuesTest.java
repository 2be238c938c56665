package dev.gatehouse.policy.constraint.driver.rego;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

class JsonValuesTest {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an object with nested arrays and objects | {"a": {"b": [1, "x", true, null, {"c": []}]}, "d": {}}
            integers of every size                   | [0, -1, 127, 128, 4096, -129, 9223372036854775807, -9223372036854775808]
            integers beyond int64                    | [9223372036854775808, -99999999999999999999999]
            floats keep their literal text           | [1.0, 1.5, -0.25, 1e3, 2.5E-7, 0.1, 123456789.123456789]
            strings with escapes and unicode         | ["", "a\\"b", "tab\\tnew\\nline", "é€😀", "\\u0000"]
            keys in any order                        | {"z": 1, "a": 2, "m": {"y": 1, "b": 2}}
            """)
    void convertsJsonAsTheTextRoundTripDoes(String what, String json) {
        JsonNode node = JSON.readTree(json);
        Value expected = ValueJson.fromNode(node);
        Value actual = JsonValues.fromJson(node);
        assertThat(actual).isEqualTo(expected);
        assertThat(ValueJson.toJson(actual)).isEqualTo(ValueJson.toJson(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a pod as YAML reads it                 | {apiVersion: v1, kind: Pod, spec: {containers: [{name: c, ports: [{containerPort: 80}]}]}}
            YAML floats and integers               | {a: 1.0, b: 0.5, c: 10, d: -3, e: 1e3}
            YAML booleans and nulls                | {a: true, b: false, c: null, d: ~}
            """)
    void convertsYamlAsTheTextRoundTripDoes(String what, String yaml) {
        JsonNode node = YAML.readTree(yaml);
        assertThat(ValueJson.toJson(JsonValues.fromJson(node))).isEqualTo(ValueJson.toJson(ValueJson.fromNode(node)));
        assertThat(JsonValues.fromJson(node)).isEqualTo(ValueJson.fromNode(node));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not a number         | NaN
            positive infinity    | Infinity
            """)
    void treatsNonFiniteNumbersAsTheTextRoundTripDoes(String what, double value) {
        JsonNode node = JsonNodeFactory.instance.numberNode(value);
        assertThat(outcome(() -> JsonValues.fromJson(node))).isEqualTo(outcome(() -> ValueJson.fromNode(node)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an empty object                          | {}
            an object with nested arrays and objects | {"a": {"b": [1, "x", true, null, {"c": []}]}, "d": {}}
            integers of every size                   | [0, -1, 2147483647, 2147483648, -2147483649, 9223372036854775807]
            integers beyond int64                    | [9223372036854775808, -99999999999999999999999]
            floats                                   | [1.0, 1.5, -0.25, 1e3, 2.5E-7, 0.1, 123456789.123456789]
            strings with escapes and unicode         | ["", "a\\"b", "tab\\tnew\\nline", "é€😀", "\\u0000"]
            """)
    void convertsValuesToTheTreeTheirJsonTextReadsAs(String what, String json) {
        Value value = ValueJson.parse(json);
        assertSameTree(value);
    }

    @org.junit.jupiter.api.Test
    void convertsSetsAndNonStringKeysAsTheirJsonText() {
        Value value = ObjectValue.builder()
                .put(StringValue.of("set"), SetValue.of(StringValue.of("b"), NumberValue.of(2), StringValue.of("a")))
                .put(NumberValue.of(1), StringValue.of("number key"))
                .put(StringValue.of("1"), StringValue.of("string key with the same text"))
                .put(ArrayValue.of(new Value[] {StringValue.of("k")}), BooleanValue.TRUE)
                .build();
        assertSameTree(value);
    }

    private static void assertSameTree(Value value) {
        JsonNode expected = JSON.readTree(ValueJson.toJson(value));
        JsonNode actual = JsonValues.toJson(value);
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.toString()).isEqualTo(expected.toString());
    }

    /** The value's JSON, or the exception's class: what a caller of either conversion observes. */
    private static String outcome(java.util.function.Supplier<Value> conversion) {
        try {
            return ValueJson.toJson(conversion.get());
        } catch (RuntimeException e) {
            return e.getClass().getName();
        }
    }
}
