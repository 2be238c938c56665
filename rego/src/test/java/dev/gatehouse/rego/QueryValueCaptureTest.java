package dev.gatehouse.rego;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.rego.value.ValueJson;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What {@code opa eval} reports as each top-level expression's value, and when a query is undefined. */
class QueryValueCaptureTest {

    private static final String MODULE = """
            package lib
            double(x) := x * 2
            xs := [1, 5, 9]
            """;

    static Stream<Arguments> queries() {
        return Stream.of(
                Arguments.of("a builtin call reports its result", "count([1,2])", List.of("[2]")),
                Arguments.of("an infix arithmetic call reports its result", "1 + 2", List.of("[3]")),
                Arguments.of("a comparison alone reports false rather than undefined", "1 > 2", List.of("[false]")),
                Arguments.of("a comparison that holds reports true", "2 > 1", List.of("[true]")),
                Arguments.of("a user function call reports its result", "data.lib.double(4)", List.of("[8]")),
                Arguments.of("a term reports its value", "data.lib.xs", List.of("[[1,5,9]]")),
                Arguments.of("an assignment reports true", "x := count([1])", List.of("[true]")),
                Arguments.of("a call given its output argument reports true", "count([1,2], n)", List.of("[true]")),
                Arguments.of("a false comparison after other expressions is undefined", "x := 1; x > 2", List.of()),
                Arguments.of("a true comparison after other expressions reports each value", "x := 3; x > 2",
                        List.of("[true,true]")),
                Arguments.of("an iterating comparison keeps only the rows where it holds", "data.lib.xs[i] > 4",
                        List.of("[true]", "[true]")),
                Arguments.of("a negated call reports true", "not startswith(\"a\", \"b\")", List.of("[true]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void expressionValues(String behaviour, String query, List<String> expressionsPerRow) {
        PreparedQuery q = Rego.builder().module("lib.rego", MODULE).query(query).build();
        assertThat(q.evaluate(null)).extracting(r -> ValueJson.toJson(
                dev.gatehouse.rego.value.ArrayValue.of(r.expressions()))).containsExactlyElementsOf(expressionsPerRow);
    }

    static Stream<Arguments> singleTerms() {
        return Stream.of(
                Arguments.of("a document", "data.lib.xs", "[1,5,9]"),
                Arguments.of("a function call", "data.lib.double(4)", "8"),
                Arguments.of("a comparison that does not hold", "1 > 2", "false"),
                Arguments.of("an undefined reference", "data.lib.missing", null),
                Arguments.of("false alone, which reports false", "false", "false"),
                Arguments.of("a false comparison after another expression", "[1][0] > 2", "false"));
    }

    @ParameterizedTest(name = "{0}: evaluateValue gives the first expression of the first result")
    @MethodSource("singleTerms")
    void evaluateValue_isTheFirstExpressionOfTheFirstResult(String behaviour, String query, String expected) {
        PreparedQuery q = Rego.builder().module("lib.rego", MODULE).query(query).build();
        var value = q.evaluateValue(null, null, null);
        assertThat(value == null ? null : ValueJson.toJson(value)).isEqualTo(expected);
        var results = q.evaluate(null);
        assertThat(results.isEmpty() ? null : ValueJson.toJson(results.get(0).expressions().get(0)))
                .isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void evaluateValue_ofAQueryThatIsNotASingleTerm_isRefused() {
        PreparedQuery q = Rego.builder().module("lib.rego", MODULE).query("x := 1; x > 0").build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> q.evaluateValue(null, null, null))
                .isInstanceOf(IllegalStateException.class).hasMessage("the query is not a single term");
    }
}
