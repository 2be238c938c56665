package dev.gatehouse.rego.builtins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import org.junit.jupiter.api.Test;

/** rego.parse_module renders OPA's JSON AST. */
class RegoBuiltinsTest {

    private static Value parse(String source) {
        return BuiltinTesting.builtin("rego.parse_module").function().apply(BuiltinTesting.context(),
                new Value[] {StringValue.of("x.rego"), StringValue.of(source)});
    }

    @Test
    void parseModule_rendersPackageImportsAndRules() {
        Value m = parse("package foo.bar\nimport data.a\np if { a = true }\n");
        assertThat(ValueJson.toJson(m)).isEqualTo("{\"imports\":[{\"path\":{\"type\":\"ref\",\"value\":[{\"type\":\"var\","
                + "\"value\":\"data\"},{\"type\":\"string\",\"value\":\"a\"}]}}],\"package\":{\"path\":[{\"type\":\"var\","
                + "\"value\":\"data\"},{\"type\":\"string\",\"value\":\"foo\"},{\"type\":\"string\",\"value\":\"bar\"}]},"
                + "\"rules\":[{\"body\":[{\"index\":0,\"terms\":[{\"type\":\"ref\",\"value\":[{\"type\":\"var\",\"value\":"
                + "\"eq\"}]},{\"type\":\"var\",\"value\":\"a\"},{\"type\":\"boolean\",\"value\":true}]}],\"head\":{\"name\":"
                + "\"p\",\"ref\":[{\"type\":\"var\",\"value\":\"p\"}],\"value\":{\"type\":\"boolean\",\"value\":true}}}]}");
    }

    @Test
    void parseModule_givesConstantRulesTheBodyTrue() {
        String json = ValueJson.toJson(parse("package p\ndefault q := 1\n"));
        assertThat(json).contains("\"body\":[{\"index\":0,\"terms\":{\"type\":\"boolean\",\"value\":true}}]")
                .contains("\"default\":true").contains("\"assign\":true");
    }

    @Test
    void parseModule_reportsSyntaxErrorsAsBuiltinErrors() {
        assertThatThrownBy(() -> parse("package foo."))
                .isInstanceOfSatisfying(BuiltinException.class,
                        e -> assertThat(e.code()).isEqualTo(BuiltinErrorCode.BUILTIN_ERROR))
                .hasMessageContaining("rego_parse_error");
    }
}
