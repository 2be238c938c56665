package dev.gatehouse.rego.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.rego.PreparedQuery;
import dev.gatehouse.rego.Rego;
import dev.gatehouse.rego.builtins.Builtin;
import dev.gatehouse.rego.builtins.Builtins;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code a == b} and {@code a != b} as statements are answered without calling the builtins, and must answer as the
 * builtins do when their value is taken ({@code v := equal(a, b)}); a registry that replaces them is still honoured.
 */
class EqualityStatementTest {

    @ParameterizedTest(name = "{0} vs {1}")
    @CsvSource(delimiter = '|', value = {
            "1 | 1", "1 | 1.0", "1 | 2", "\"a\" | \"a\"", "\"a\" | \"b\"", "[1, {\"b\": 2}] | [1, {\"b\": 2}]",
            "[] | {}", "[{\"x\"}] | [{\"x\"}]", "null | false", "input.missing | 1", "1 | input.missing",
            "input.n | 3", "input.s | \"s\""})
    void statements_answerAsTheBuiltinsValue(String a, String b) {
        PreparedQuery q = Rego.builder().module("t.rego", """
                package t
                is_eq if %1$s == %2$s
                is_neq if %1$s != %2$s
                eq_value := v if v := equal(%1$s, %2$s)
                neq_value := v if v := neq(%1$s, %2$s)
                """.formatted(a, b)).query("data.t").build();
        Value doc = q.evaluateValue(ValueJson.parse("{\"n\": 3, \"s\": \"s\"}"), null, EvalOptions.DEFAULT);
        String json = ValueJson.toJson(doc);
        assertThat(json.contains("\"is_eq\":true")).as(json).isEqualTo(json.contains("\"eq_value\":true"));
        assertThat(json.contains("\"is_neq\":true")).as(json).isEqualTo(json.contains("\"neq_value\":true"));
    }

    @Test
    void aReplacedEqual_isHonouredByStatements() {
        Builtin alwaysEqual = Builtin.of(Builtins.standard().get("equal").decl(), (ctx, args) -> BooleanValue.TRUE);
        PreparedQuery q = Rego.builder().builtins(Builtins.standard().with(alwaysEqual))
                .module("t.rego", "package t\np if input.a == input.b\n").query("data.t.p").build();
        assertThat(q.evaluateValue(ValueJson.parse("{\"a\": 1, \"b\": 2}"), null, EvalOptions.DEFAULT))
                .isEqualTo(BooleanValue.TRUE);
    }
}
