package dev.gatehouse.rego.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.rego.Rego;
import dev.gatehouse.rego.ast.Body;
import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Module;
import dev.gatehouse.rego.ast.RegoVersion;
import dev.gatehouse.rego.ast.Refs;
import dev.gatehouse.rego.ast.Rule;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.builtins.Builtins;
import dev.gatehouse.rego.eval.EvalOptions;
import dev.gatehouse.rego.eval.QueryEvaluator;
import dev.gatehouse.rego.parser.Parser;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Small user functions are inlined where they are called, and a policy answers every query exactly as it does
 * without inlining: each row evaluates one query on several inputs both ways, and says whether {@code data.t.f}
 * must still be called.
 */
class FunctionInlinerTest {

    private static final List<String> INPUTS = List.of("{}", "{\"x\": {\"a\": {\"b\": 1}}}",
            "{\"x\": {\"a\": {\"b\": false}}}", "{\"x\": {\"a\": 2, \"b\": 2, \"k\": \"a\"}, \"k\": \"b\"}",
            "{\"xs\": [{\"a\": {\"b\": 1}}, {\"a\": {\"b\": 2}}, {\"c\": 3}], \"review\": {\"operation\": \"UPDATE\"}}",
            "{\"x\": 7, \"review\": {\"operation\": \"CREATE\"}}");

    static Stream<Arguments> policies() {
        return Stream.of(
                // Inlined: a path as the value, used as a term, a statement and a negated statement.
                row(true, "f(o) := o.a.b\np := f(input.x)", "x = data.t.p"),
                row(true, "f(o) := o.a.b\np if f(input.x)", "x = data.t.p"),
                row(true, "f(o) := o.a.b\np if not f(input.x)", "x = data.t.p"),
                row(true, "f(o) = out if { out = o.a.b }\np := f(input.x)", "x = data.t.p"),
                row(true, "f(o) = out if { out := o.a.b }\np := [f(input.x), 1]", "x = data.t.p"),
                row(true, "f(k, o) := o.a[k]\np := f(\"b\", input.x)", "x = data.t.p"),
                row(true, "f(k, o) := o[k]\np := f(input.k, input.x)", "x = data.t.p"),
                row(true, "f(o) := o\np := f(input.x.a)", "x = data.t.p"),
                row(true, "f(o) := input.x[o]\np := f(input.k)", "x = data.t.p"),
                row(true, "f(o) := o.a\np := f(input.x).b", "x = data.t.p"),
                row(true, "f(o) := o.a\np := f(f(input.x))", "x = data.t.p"),
                row(true, "f(o) := o.a.b\np contains v if { v := f(input.xs[_]) }", "x = data.t.p"),
                row(true, "f(o) := o.a.b\np := [v | some e in input.xs; v := f(e)]", "x = data.t.p"),
                row(true, "f(o) := o.a.b\np := {v | v := f(input.xs[_])}", "x = data.t.p"),
                row(true, "f(o) := o.a.b\np if { every e in input.xs { f(e) } }", "x = data.t.p"),
                row(true, "f(o) := o.a.b\np := f(input.x) == 1", "x = data.t.p"),
                // Inlined: a one-test predicate, as a statement and negated (arguments are evaluated first).
                row(true, "f(r) if r.operation == \"UPDATE\"\np if not f(input.review)", "x = data.t.p"),
                row(true, "f(r) if r.operation == \"UPDATE\"\np if f(input.review)", "x = data.t.p"),
                row(true, "f(o, k) if o[k]\np if f(input.x, \"a\")", "x = data.t.p"),
                row(true, "f(o, k) if o[k]\np if not f(input.x.a, \"b\")", "x = data.t.p"),
                row(true, "f(o) if { o.a < o.b }\np if { v := input.x; f(v) }", "x = data.t.p"),
                row(true, "f(o) if { o.a == o.b }\np if not f(input.x)", "x = data.t.p"),
                // Inlined where negated: a predicate of several one-test definitions.
                row(true, "f(o, k) if o[k]\nf(o, k) if o[k] == false\np if { v := input.x; not f(v, \"a\") }",
                        "x = data.t.p"),
                row(true, "f(o) if o.a == 2\nf(o) if o.b == 2\nf(o) if o.c\np if { v := input.x; not f(v) }", "x = data.t.p"),
                row(true, "f(o) if o.a.b\nf(p) if p.a.b == false\np := [e | some e in input.xs; not f(e)]", "x = data.t.p"),
                // Inlined once its own body is: a second pass.
                row(true, "g(o) := o.a\nf(o) if g(o)\np if f(input.x)", "x = data.t.p"),
                // Kept: two definitions, else, default, an unused or repeated parameter, locals, calls, data.
                row(false, "f(o) := o.a\nf(o) := o.b\np := f(input.x)", "x = data.t.p"),
                row(false, "f(o) := o.a if { o.a } else := 0\np := f(input.x)", "x = data.t.p"),
                row(false, "default f(_) := 0\nf(o) := o.a\np := f(input.x)", "x = data.t.p"),
                row(false, "f(o, y) := o.a\np := f(input.x, input.y)", "x = data.t.p"),
                row(false, "f(o, _) := o.a\np := f(input.x, 1)", "x = data.t.p"),
                row(false, "f(o) = y if { z := o.a; y := z.b }\np := f(input.x)", "x = data.t.p"),
                row(false, "f(o) := count(o)\np := f(input.xs)", "x = data.t.p"),
                row(false, "f(o) := data.t.d[o]\nd := {\"a\": 1}\np := f(input.x.k)", "x = data.t.p"),
                row(false, "f(o) := o.a[_]\np := f(input.x)", "x = data.t.p"),
                row(false, "f(o) if { o.a == o.b }\np if f(input.x)", "x = data.t.p"),
                row(false, "f(o) := o.a\np if { f(input.x, y); y == 2 }", "x = data.t.p"),
                row(false, "f(o, k) if o[k]\nf(o, k) if o[k] == false\np if { v := input.x; f(v, \"a\") }",
                        "x = data.t.p"),
                row(false, "f(o) if o.a\nf(o) if { z := o.b; z == 2 }\np if { v := input.x; not f(v) }", "x = data.t.p"),
                row(false, "f(o) if o.a\nf(o) := o.zz\np if { v := input.x; not f(v) }", "x = data.t.p"),
                row(false, "f(o) if o.a\nf(o) if o.b\np if { v := input.x; not f(v) with input as {} }", "x = data.t.p"),
                // Kept: a with that could replace the function, in the module or in the query.
                row(false, "f(o) := o.a.b\np := f(input.x)\nq := v if { v := p with data.t.f as 5 }", "x = data.t.q"),
                row(false, "f(o) := o.a.b\np := f(input.x)", "x = data.t.p with data.t.f as 5"),
                // Still inlined: a with replacing input only.
                row(true, "f(o) := o.a.b\np := f(input.x)\nq := v if { v := p with input.x as {\"a\": {\"b\": 9}} }", "x = data.t.q"),
                row(true, "f(o) := o.a.b\np := f(input.x)", "x = data.t.p with input as {\"x\": {\"a\": {\"b\": 3}}}"));
    }

    private static Arguments row(boolean inlined, String rules, String query) {
        return Arguments.of(inlined, "package t\n" + rules, query);
    }

    @ParameterizedTest(name = "[{index}] {1} ? {2}")
    @MethodSource("policies")
    void inlining_keepsEveryAnswer(boolean inlined, String module, String query) {
        Module m = Parser.parseModule("t.rego", module, RegoVersion.V1);
        Body q = Parser.parseQuery(query, RegoVersion.V1);
        CompiledPolicy plain = Compiler.compile(List.of(m), Builtins.standard());
        CompiledPolicy forQuery = Compiler.compileFor(List.of(m), Builtins.standard(), List.of(q));
        assertThat(callSites(plain, "data.t.f")).as("the policy calls f").isPositive();
        if (inlined) {
            assertThat(callSites(forQuery, "data.t.f")).as("calls of f left").isZero();
        } else {
            assertThat(callSites(forQuery, "data.t.f")).isEqualTo(callSites(plain, "data.t.f"));
        }
        for (String input : INPUTS) {
            Value in = ValueJson.parse(input);
            assertThat(answers(forQuery, q, in)).as("input %s", input).isEqualTo(answers(plain, q, in));
        }
    }

    @ParameterizedTest(name = "[{index}] {1} ? {2}")
    @MethodSource("policies")
    void aPreparedQuery_answersAsTheUninlinedPolicy(boolean inlined, String module, String query) {
        Module m = Parser.parseModule("t.rego", module, RegoVersion.V1);
        CompiledPolicy plain = Compiler.compile(List.of(m), Builtins.standard());
        var prepared = Rego.builder().module("t.rego", module).query(query).build();
        for (String input : INPUTS) {
            Value in = ValueJson.parse(input);
            List<Value> got = prepared.evaluate(in).stream().map(r -> r.bindings().get("x")).toList();
            List<Value> want = answers(plain, Parser.parseQuery(query, RegoVersion.V1), in).stream()
                    .map(r -> r.get("x")).toList();
            assertThat(got).as("input %s", input).isEqualTo(want);
        }
    }

    private static List<Map<String, Value>> answers(CompiledPolicy policy, Body query, Value input) {
        CompiledQuery q = Compiler.compileQuery(query, policy);
        return QueryEvaluator.evaluate(policy, q, input, null, EvalOptions.DEFAULT);
    }

    /** Calls of {@code name} in every rule but its own definitions. */
    private static int callSites(CompiledPolicy policy, String name) {
        List<Term.Ref> operators = new ArrayList<>();
        for (Module m : policy.modules()) {
            for (Rule r : m.rules()) {
                if (name.equals(Refs.nameOf(r.ref()))) {
                    continue;
                }
                for (Rule cur = r; cur != null; cur = cur.elseRule()) {
                    collect(cur.body(), operators);
                    if (cur.value() != null) {
                        List<Body> nested = new ArrayList<>();
                        TermMapper.visit(cur.value(), t -> TermMapper.nestedBodies(t, nested));
                        nested.forEach(n -> collect(n, operators));
                        TermMapper.visit(cur.value(), t -> operator(t, operators));
                    }
                }
            }
        }
        return (int) operators.stream().filter(o -> name.equals(Refs.nameOf(o))).count();
    }

    private static void collect(Body b, List<Term.Ref> operators) {
        TermMapper.forEachExpr(b, e -> {
            if (e instanceof Expr.CallExpr c) {
                operators.add(c.operator());
            }
            TermMapper.shallowTerms(e, t -> TermMapper.visit(t, x -> operator(x, operators)));
        });
    }

    private static void operator(Term t, List<Term.Ref> operators) {
        if (t instanceof Term.Call c) {
            operators.add(c.operator());
        }
    }
}
