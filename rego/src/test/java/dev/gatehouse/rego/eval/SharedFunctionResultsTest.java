package dev.gatehouse.rego.eval;

import static dev.gatehouse.rego.eval.QueryBindings.x;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.rego.PreparedQuery;
import dev.gatehouse.rego.Rego;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Results of pure functions are shared between evaluations of a policy; functions that read input or data, use
 * {@code with}, or call nondeterministic or side-effecting builtins must never be, and sharing must not change any
 * result.
 */
class SharedFunctionResultsTest {

    private static final String POLICY = """
            package t
            double(x) := x * 2
            twice_double(x) := double(double(x))
            suffix(s) := substring(s, count(s) - 1, -1)
            with_input(x) := x + input.n
            with_data(x) := x + data.t.base
            base := input.n
            calls_impure(x) := with_input(x) + 1
            now(x) := time.now_ns()
            traced(x) if { print(x) }
            uses_with(x) := y if { y := double(x) with input as {} }
            """;

    static Stream<Arguments> functions() {
        return Stream.of(
                Arguments.of("arithmetic only is pure", "double", true),
                Arguments.of("calling pure functions is pure", "twice_double", true),
                Arguments.of("string builtins are pure", "suffix", true),
                Arguments.of("reading input is not pure", "with_input", false),
                Arguments.of("reading data is not pure", "with_data", false),
                Arguments.of("calling an impure function is not pure", "calls_impure", false),
                Arguments.of("a nondeterministic builtin is not pure", "now", false),
                Arguments.of("print is not pure", "traced", false),
                Arguments.of("with is not pure", "uses_with", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void purity(String name, String function, boolean pure) {
        PreparedQuery q = Rego.builder().module("t.rego", POLICY).query("true").build();
        assertThat(q.policy().sharesResults(q.policy().function("data.t." + function))).isEqualTo(pure);
    }

    @Test
    void functionsReadingInput_seeEachEvaluationsInput() {
        PreparedQuery q = Rego.builder().module("t.rego", POLICY).query("x := data.t.calls_impure(1)").build();
        assertThat(x(q, "{\"n\": 1}")).isEqualTo("3");
        assertThat(x(q, "{\"n\": 10}")).isEqualTo("12");
    }

    @Test
    void sharedResults_areTheSameInLaterEvaluations() {
        PreparedQuery q = Rego.builder().module("t.rego", POLICY)
                .query("x := [data.t.twice_double(3), data.t.suffix(\"128Mi\")]").build();
        PreparedQuery undefined = Rego.builder().module("t.rego", POLICY).query("x := data.t.suffix(\"\")").build();
        for (int i = 0; i < 3; i++) {
            assertThat(x(q, "{}")).isEqualTo("[12,\"i\"]");
            assertThat(x(undefined, "{}")).isNull();
        }
    }

    @Test
    void aMockedBuiltin_isSeenInsidePureFunctionsAndNotStored() {
        PreparedQuery plain = Rego.builder().module("t.rego", POLICY).query("x := data.t.suffix(\"abc\")").build();
        PreparedQuery mocked = Rego.builder().module("t.rego", POLICY)
                .query("x := data.t.suffix(\"abc\") with substring as \"mocked\"").build();
        assertThat(x(plain, "{}")).isEqualTo("\"c\"");
        assertThat(x(mocked, "{}")).isEqualTo("\"mocked\"");
        assertThat(x(plain, "{}")).isEqualTo("\"c\"");
    }
}
