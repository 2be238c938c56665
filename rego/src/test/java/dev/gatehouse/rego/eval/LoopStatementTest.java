package dev.gatehouse.rego.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.rego.PreparedQuery;
import dev.gatehouse.rego.QueryResult;
import dev.gatehouse.rego.Rego;
import dev.gatehouse.rego.RegoError;
import dev.gatehouse.rego.RegoException;
import dev.gatehouse.rego.value.ValueJson;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The loop statement {@code x := xs[_]} (and {@code x = xs[i]}, {@code xs[i] = x}) runs the rest of its body once
 * per member without continuations. It must bind the same variables to the same values in the same order as
 * unification does, stop when the body stops, and leave every other shape (a bound target, a key that is the
 * target, a replaced document) to the general way, with the same answers. (A runaway loop still meets its deadline:
 * see {@link EvaluatorTest}.)
 */
class LoopStatementTest {

    private static final String INPUT = """
            {"xs": ["a", "b", "c"], "nums": [0, 5, 2], "o": {"k1": "v1", "k2": "v2"}, "s": "text",
             "nested": {"lists": [[1, 2], [3]]}}
            """;

    static Stream<Arguments> loops() {
        return Stream.of(
                row("an array binds each index and element in order",
                        "r := [[i, x] | x := input.xs[i]]", "[[0,\"a\"],[1,\"b\"],[2,\"c\"]]"),
                row("a wildcard key binds each element",
                        "r := [x | x := input.xs[_]]", "[\"a\",\"b\",\"c\"]"),
                row("the reference may come first",
                        "r := [x | input.xs[_] = x]", "[\"a\",\"b\",\"c\"]"),
                row("an object binds each key and value in key order",
                        "r := [[k, v] | v := input.o[k]]", "[[\"k1\",\"v1\"],[\"k2\",\"v2\"]]"),
                row("a rule's set is walked in the set's order",
                        "s contains x if { x := input.xs[_] }\ns contains \"0\"\nr := [x | x := s[_]]",
                        "[\"0\",\"a\",\"b\",\"c\"]"),
                row("a rule's object is walked by key",
                        "m[x] := i if { x := input.xs[i] }\nr := [[k, v] | v := m[k]]",
                        "[[\"a\",0],[\"b\",1],[\"c\",2]]"),
                row("a path of bound variables leads to the collection",
                        "r := [y | j := 0; l := input.nested.lists[j]; y := l[_]]", "[1,2]"),
                row("nested loops bind their own keys",
                        "r := [[a, b] | a := input.xs[_]; b := input.nums[_]; b > 1]",
                        "[[\"a\",5],[\"a\",2],[\"b\",5],[\"b\",2],[\"c\",5],[\"c\",2]]"),
                row("an undefined collection has no members",
                        "r := count([x | x := input.missing[_]])", "0"),
                row("a path through an undefined member has no members",
                        "r := count([x | x := input.o.k1.deeper[_]])", "0"),
                row("a string is no collection",
                        "r := count([x | x := input.s[_]])", "0"),
                row("a bound target is compared, not rebound",
                        "r := [i | x := \"b\"; input.xs[i] = x]", "[1]"),
                row("a key that is the target finds the members equal to their index",
                        "r := [x | x = input.nums[x]]", "[0,2]"),
                row("a complete rule stops at its value, and conflicts are still found",
                        "r := x if { x := input.xs[_]; x == \"b\" }", "\"b\""),
                row("a function loops in its body",
                        "f(xs) := n if { n := count([x | x := xs[_]; x != \"b\"]) }\nr := f(input.xs)", "2"),
                row("a negated body that loops",
                        "r if { not has_d }\nhas_d if { x := input.xs[_]; x == \"d\" }", "true"),
                row("a replaced rule document is walked as replaced",
                        "s contains x if { x := input.xs[_] }\nr := y if { y := [x | x := s[_]] with data.t.s as [\"z\", \"y\"] }",
                        "[\"z\",\"y\"]"),
                row("a replaced parent of a rule document is walked as replaced",
                        "sub.s contains x if { x := input.xs[_] }\n"
                                + "r := y if { y := [x | x := sub.s[_]] with data.t.sub as {\"s\": [\"q\"]} }",
                        "[\"q\"]"));
    }

    private static Arguments row(String name, String rules, String want) {
        return Arguments.of(name, "package t\n" + rules, want);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loops")
    void loop_bindsAsUnificationDoes(String name, String module, String want) {
        PreparedQuery q = Rego.builder().module("t.rego", module).query("data.t.r").build();
        List<QueryResult> rs = q.evaluate(ValueJson.parse(INPUT));
        assertThat(rs).hasSize(1);
        assertThat(ValueJson.toJson(rs.get(0).expressions().get(0))).isEqualTo(want);
    }

    @Test
    void valuesFromSeveralMembers_stillConflict() {
        PreparedQuery q = Rego.builder().module("t.rego", "package t\nr := x if { x := input.xs[_] }")
                .query("data.t.r").build();
        assertThatThrownBy(() -> q.evaluate(ValueJson.parse(INPUT)))
                .isInstanceOfSatisfying(RegoException.class,
                        e -> assertThat(e.code()).isEqualTo(RegoError.Code.EVAL_CONFLICT));
    }

    @Test
    void bodyThatNeedsOneSolution_stopsTheLoop() {
        List<String> printed = new java.util.ArrayList<>();
        List<QueryResult> rs = Rego.builder()
                .module("t.rego", "package t\nr if { every y in [1] { x := input.xs[_]; n := input.nums[_]; print(x, n) } }")
                .printSink(printed::add).query("data.t.r").build().evaluate(ValueJson.parse(INPUT));
        assertThat(rs).hasSize(1);
        assertThat(printed).containsExactly("a 0");
    }

    @Test
    void queryLoop_yieldsEachMember() {
        List<QueryResult> rs = Rego.builder().module("t.rego", "package t\ns contains x if { x := input.xs[_] }")
                .query("x := data.t.s[_]").build().evaluate(ValueJson.parse(INPUT));
        assertThat(rs).extracting(r -> ValueJson.toJson(r.bindings().get("x")))
                .containsExactly("\"a\"", "\"b\"", "\"c\"");
    }
}
