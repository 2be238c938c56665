package dev.gatehouse.rego.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.rego.PreparedQuery;
import dev.gatehouse.rego.Rego;
import dev.gatehouse.rego.RegoException;
import dev.gatehouse.rego.value.ValueJson;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Indexing functions by a constant parameter must never change results, only the definitions tried. */
class FunctionIndexTest {

    private static final String POLICY = """
            package t
            mult("k") := 1000
            mult("M") := 1000000
            mult("Mi") := 1048576
            mult(x) := 7 if { x == "any" }
            mult(1) := "number one"
            unit("a", y) := y
            unit("b", y) := -y
            unit("c", _) := 0
            unit(x, "z") := x
            pick("x") := 1 if { false } else := 2
            pick("y") := 3
            pick("z") := 4
            """;

    static Stream<Arguments> calls() {
        return Stream.of(
                Arguments.of("a constant argument selects its definition", "mult(\"M\")", "1000000"),
                Arguments.of("definitions without a constant still run", "mult(\"any\")", "7"),
                Arguments.of("an unmatched constant leaves the function undefined", "mult(\"G\")", null),
                Arguments.of("numbers match by value", "mult(1.0)", "\"number one\""),
                Arguments.of("a variable parameter still binds", "unit(\"b\", 3)", "-3"),
                Arguments.of("a constant at another position still applies", "unit(\"q\", \"z\")", "\"q\""),
                Arguments.of("else branches are tried with the same arguments", "pick(\"x\")", "2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void indexedCall_matchesUnindexedSemantics(String name, String call, String want) {
        PreparedQuery q = Rego.builder().module("t.rego", POLICY).query("x := data.t." + call).build();
        var rs = q.evaluate(null);
        if (want == null) {
            assertThat(rs).isEmpty();
        } else {
            assertThat(ValueJson.toJson(rs.get(0).bindings().get("x"))).isEqualTo(want);
        }
    }

    @Test
    void conflictingDefinitionsForTheSameConstant_stillConflict() {
        PreparedQuery q = Rego.builder().module("t.rego", """
                package t
                f("a") := 1
                f("b") := 2
                f("a") := 3
                """).query("x := data.t.f(\"a\")").build();
        assertThatThrownBy(() -> q.evaluate(null)).isInstanceOf(RegoException.class)
                .hasMessageContaining("functions must not produce multiple outputs");
    }
}
