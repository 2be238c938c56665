package dev.gatehouse.rego.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.rego.PreparedQuery;
import dev.gatehouse.rego.QueryResult;
import dev.gatehouse.rego.Rego;
import dev.gatehouse.rego.RegoError;
import dev.gatehouse.rego.RegoException;
import dev.gatehouse.rego.value.ValueJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Language semantics, one row per behaviour: policy, query, input, expected JSON of the first expression. */
class EvaluatorTest {

    static Stream<Arguments> semantics() {
        return Stream.of(
                row("complete rule value", "x := 7", "data.t.x", null, "7"),
                row("undefined rule has no result", "x if false", "data.t.x", null, null),
                row("default applies when body fails", "default x := 0\nx := 1 if input.y", "data.t.x", "{}", "0"),
                row("else chain picks the first matching branch",
                        "x := 1 if { input.a } else := 2 if { input.b } else := 3", "data.t.x", "{\"b\": true}", "2"),
                row("partial set collects every solution", "s contains x if some x in [3, 1, 3]", "data.t.s", null, "[1,3]"),
                row("partial object from ref head", "o[k] := v if some k, v in {\"a\": 1, \"b\": 2}", "data.t.o", null,
                        "{\"a\":1,\"b\":2}"),
                row("nested ref head builds nested objects", "p[x].y := 1 if some x in [\"a\"]", "data.t.p", null,
                        "{\"a\":{\"y\":1}}"),
                row("function call with pattern argument", "f([a, b]) := a + b\nx := f([2, 3])", "data.t.x", null, "5"),
                row("function else and default", "default f(_) := \"none\"\nf(x) := \"pos\" if x > 0", "[data.t.f(1), data.t.f(-1)]",
                        null, "[\"pos\",\"none\"]"),
                row("iteration over input binds keys", "ks contains k if input.m[k]", "data.t.ks", "{\"m\": {\"a\": 1, \"b\": 2}}",
                        "[\"a\",\"b\"]"),
                row("negation of undefined is true", "x if not input.missing", "data.t.x", "{}", "true"),
                row("every requires all elements", "x if every v in input.xs { v > 0 }", "data.t.x", "{\"xs\": [1, 2]}", "true"),
                row("every fails on one counterexample", "x if every v in input.xs { v > 0 }", "data.t.x", "{\"xs\": [1, -2]}", null),
                row("every over empty collection is true", "x if every v in [] { false }", "data.t.x", null, "true"),
                row("comprehensions capture outer variables", "x := [y * n | some y in [1, 2]] if n := 10", "data.t.x", null,
                        "[10,20]"),
                row("object comprehension", "x := {k: v | some k, v in [\"a\", \"b\"]}", "data.t.x", null,
                        "{\"0\":\"a\",\"1\":\"b\"}"),
                row("membership operator", "x := [1 in [1, 2], 3 in {1}, \"k\", 2 in {\"k\": 2}]", "data.t.x", null,
                        "[true,false,\"k\",true]"),
                row("unification destructures arrays", "x := a if [a, 2] = [1, 2]", "data.t.x", null, "1"),
                row("expressions are reordered for safety", "x := y if { y > 1; y := 5 }", "data.t.x", null, "5"),
                row("with replaces input", "a := input.v\nx := y if { y := a with input as {\"v\": 9} }", "data.t.x", null, "9"),
                row("with replaces a rule", "a := 1\nx := y if { y := a with data.t.a as 2 }", "data.t.x", null, "2"),
                row("with mocks a function", "f(_) := 1\ng(_) := 2\nx := y if { y := f(0) with f as g }", "data.t.x", null, "2"),
                row("with mocks a builtin by value", "x := y if { y := 1 + 1 with plus as 5 }", "data.t.x", null, "5"),
                row("string interpolation", "n := 3\nx := $\"n={n}, s={[1]}, u={input.no}\"", "data.t.x", "{}",
                        "\"n=3, s=[1], u=<undefined>\""),
                row("negated call with an undefined reference argument is undefined (OPA evaluates arguments first)",
                        "f(_) := true\nx if not f(input.missing)", "data.t.x", "{}", null),
                row("negated call with a defined argument that fails is true",
                        "f(1) := true\nx if not f(input.v)", "data.t.x", "{\"v\": 2}", "true"),
                row("negated call on an undefined field of a local object is undefined",
                        "av(\"RunAsAny\", _, _) := true\nx if { p := {\"rule\": \"RunAsAny\"}; not av(p.rule, 1, p.ranges) }",
                        "data.t.x", null, null),
                row("negated call with an undefined nested call is undefined",
                        "x if not count(input.xs) > 0", "data.t.x", "{}", null),
                row("negated == with an undefined operand is true", "x if not input.missing == false", "data.t.x", "{}",
                        "true"),
                row("negated call in a query evaluates its arguments first", "f(_) := true", "not data.t.f(input.missing)",
                        "{}", null),
                row("negated call in a query with a failing defined argument is true", "f(1) := true",
                        "not data.t.f(input.v)", "{\"v\": 2}", "true"),
                row("future.keywords.not negates the whole expression",
                        "import future.keywords.not\nf(_) := true\nx if not f(input.missing)", "data.t.x", "{}", "true"),
                row("with applies inside a template expression", "a := input.a\nx := $\"foo {a with input as {\"a\": 42}}\"",
                        "data.t.x", "{\"a\": 1}", "\"foo 42\""),
                row("template string as a function argument is built after the body",
                        "x := f(\"foo bar\")\nf($\"{y} {input.y}\") := 42 if { y = \"foo\" }", "data.t.x", "{\"y\": \"bar\"}", "42"),
                row("template string argument that does not match leaves the call undefined",
                        "x := f(\"foo baz\")\nf($\"{y} {input.y}\") := 42 if { y = \"foo\" }", "data.t.x", "{\"y\": \"bar\"}", null),
                row("numbers are exact", "x := 123456789012345678901234567890 + 1", "data.t.x", null,
                        "123456789012345678901234567891"),
                row("set difference with minus", "x := {1, 2, 3} - {2}", "data.t.x", null, "[1,3]"),
                row("base data and rules merge", "r := 1", "data", null, "{\"base\":true,\"t\":{\"r\":1}}"));
    }

    private static Arguments row(String name, String rules, String query, String input, String want) {
        return Arguments.of(name, "package t\n" + rules, query, input, want);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("semantics")
    void evaluate_matchesOpaSemantics(String name, String module, String query, String input, String want) {
        PreparedQuery q = Rego.builder().module("t.rego", module).data("{\"base\": true}").query(query).build();
        List<QueryResult> rs = q.evaluate(input == null ? null : ValueJson.parse(input));
        if (want == null) {
            assertThat(rs).isEmpty();
        } else {
            assertThat(rs).hasSize(1);
            assertThat(ValueJson.toJson(rs.get(0).expressions().get(0))).isEqualTo(want);
        }
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("complete rule conflict", "x := 1\nx := 2", "data.t.x", RegoError.Code.EVAL_CONFLICT,
                        "complete rules must not produce multiple outputs"),
                Arguments.of("function conflict", "f(_) := 1\nf(_) := 2\nx := f(0)", "data.t.x", RegoError.Code.EVAL_CONFLICT,
                        "functions must not produce multiple outputs for same inputs"),
                Arguments.of("object key conflict", "o[k] := v if some k, v in [\"a\", \"b\"]\no[0] := \"c\"", "data.t.o",
                        RegoError.Code.EVAL_CONFLICT, "object keys must be unique"),
                Arguments.of("unsafe variable", "x if y > 1", "data.t.x", RegoError.Code.UNSAFE_VAR, "var y is unsafe"),
                Arguments.of("undefined function", "x := nope(1)", "data.t.x", RegoError.Code.TYPE, "undefined function nope"),
                Arguments.of("constant argument of the wrong type", "x := 1 + \"a\"", "data.t.x", RegoError.Code.TYPE,
                        "plus: invalid argument(s)"),
                Arguments.of("arity mismatch", "x := plus(1)", "data.t.x", RegoError.Code.TYPE, "plus: arity mismatch"),
                Arguments.of("recursion", "a if b\nb if a", "data.t.a", RegoError.Code.RECURSION, "is recursive"),
                Arguments.of("reassignment", "x if { y := 1; y := 2 }", "data.t.x", RegoError.Code.COMPILE,
                        "var y assigned above"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void errors_carryOpaCodes(String name, String rules, String query, RegoError.Code code, String message) {
        assertThatThrownBy(() -> Rego.builder().module("t.rego", "package t\n" + rules).query(query).build().evaluate(null))
                .isInstanceOfSatisfying(RegoException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageContaining(message);
    }

    @Test
    void builtinErrors_areUndefinedByDefault_andFailInStrictMode() {
        String module = "package t\nx := 1 / input.d";
        assertThat(Rego.builder().module("t.rego", module).query("data.t.x").build()
                .evaluate(ValueJson.parse("{\"d\": 0}"))).isEmpty();
        assertThatThrownBy(() -> Rego.builder().module("t.rego", module).query("data.t.x").strictBuiltinErrors(true)
                .build().evaluate(ValueJson.parse("{\"d\": 0}")))
                .hasMessage("t.rego:2: eval_builtin_error: div: divide by zero");
    }

    @Test
    void print_writesToTheSink_withUndefinedMarked() {
        List<String> lines = new ArrayList<>();
        Rego.builder().module("t.rego", "package t\nx if { print(\"v:\", input.v, input.missing) }")
                .printSink(lines::add).query("data.t.x").build().evaluate(ValueJson.parse("{\"v\": [1]}"));
        assertThat(lines).containsExactly("v: [1] <undefined>");
    }

    static Stream<Arguments> runaways() {
        return Stream.of(
                Arguments.of("some-in comprehension",
                        "x := n if { n := count([a | some a in input.xs; some b in input.xs; some c in input.xs]) }"),
                Arguments.of("loop statements",
                        "x := n if { n := count([a | a := input.xs[_]; b := input.xs[_]; c := input.xs[_]]) }"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runaways")
    void runawayEvaluation_hitsTheDeadline(String name, String rules) {
        StringBuilder xs = new StringBuilder("{\"xs\": [");
        for (int i = 0; i < 2000; i++) {
            xs.append(i == 0 ? "" : ",").append(i);
        }
        xs.append("]}");
        PreparedQuery q = Rego.builder().module("t.rego", "package t\n" + rules).query("data.t.x")
                .timeout(Duration.ofMillis(200)).build();
        assertThatThrownBy(() -> q.evaluate(ValueJson.parse(xs.toString())))
                .isInstanceOfSatisfying(RegoException.class,
                        e -> assertThat(e.code()).isEqualTo(RegoError.Code.EVAL_CANCEL));
    }

    static Stream<Arguments> longLiterals() {
        return Stream.of(
                Arguments.of("array of constant objects", ""),
                Arguments.of("array of constant objects with variables in between", "n, "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("longLiterals")
    void longLiterals_evaluateWithoutExhaustingTheStack(String name, String variable) {
        // A table of test cases written inline (OPA's json.patch suite has one) must not need a deep stack.
        StringBuilder table = new StringBuilder("package t\nn := 0\ncases := [");
        int size = 20_000;
        for (int i = 0; i < size; i++) {
            table.append(i == 0 ? "" : ", ").append(i % 1000 == 999 ? variable : "")
                    .append("{\"doc\": {\"q\": [").append(i).append(", {\"a\": true}]}, \"tags\": {\"x\", \"y\"}}");
        }
        table.append("]");
        int variables = variable.isEmpty() ? 0 : size / 1000;
        PreparedQuery q = Rego.builder().module("t.rego", table.toString()).query("x := count(data.t.cases)").build();
        assertThat(ValueJson.toJson(q.evaluate(null).get(0).bindings().get("x"))).isEqualTo(String.valueOf(size + variables));
    }

    @Test
    void preparedQuery_isReusableAcrossInputs() {
        PreparedQuery q = Rego.builder().module("t.rego", "package t\nallow if input.user == \"admin\"")
                .query("data.t.allow").build();
        assertThat(q.evaluate(ValueJson.parse("{\"user\": \"admin\"}"))).hasSize(1);
        assertThat(q.evaluate(ValueJson.parse("{\"user\": \"bob\"}"))).isEmpty();
        assertThat(q.evaluateToJson(ValueJson.parse("{\"user\": \"admin\"}")))
                .isEqualTo("[{\"expressions\":[true],\"bindings\":{}}]");
    }

    @Test
    void queryVariables_areReportedAsBindings() {
        List<QueryResult> rs = Rego.builder().module("t.rego", "package t\ns := {\"a\": 1, \"b\": 2}")
                .query("data.t.s[k] = v").build().evaluate(null);
        assertThat(rs).extracting(r -> ValueJson.toJson(r.bindingsObject()))
                .containsExactlyInAnyOrder("{\"k\":\"a\",\"v\":1}", "{\"k\":\"b\",\"v\":2}");
    }
}
