package dev.gatehouse.rego.eval;

import static dev.gatehouse.rego.eval.QueryBindings.x;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.rego.PreparedQuery;
import dev.gatehouse.rego.Rego;
import dev.gatehouse.rego.RegoException;
import dev.gatehouse.rego.ast.Body;
import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Rule;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.compiler.CallSite;
import dev.gatehouse.rego.compiler.CompiledPolicy;
import dev.gatehouse.rego.compiler.RuleTree;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What reads nothing but {@code input.parameters} is kept across evaluations by the parameters value: rule documents,
 * call terms and comprehensions that use no variable of their rule. The analysis must keep nothing that reads more
 * (the review, the whole input, base data, a nondeterministic builtin, a variable bound around it), and keeping must
 * never change a result: other parameters, {@code with} replacements and strict builtin errors all see their own.
 */
class ParameterInvariantValuesTest {

    static Stream<Arguments> documents() {
        return Stream.of(
                Arguments.of("a rule reading parameters only is kept",
                        "r := {x | x := input.parameters.a[_]}", true),
                Arguments.of("a set rule reading parameters only is kept",
                        "r contains x if { x := input.parameters.a[_]; x == \"*\" }", true),
                Arguments.of("a constant rule is kept", "r := \"localhost/\"", true),
                Arguments.of("object.get of the parameters member is kept",
                        "r := object.get(object.get(input, \"parameters\", {}), \"a\", [])", true),
                Arguments.of("a rule reading a kept rule is kept", "r if { kept[_] == 1 }", true),
                Arguments.of("a rule calling a function of its arguments is kept", "r := inc(input.parameters.n)", true),
                Arguments.of("a rule reading the review is not kept", "r := input.review.object", false),
                Arguments.of("a rule reading the whole input is not kept", "r := input", false),
                Arguments.of("a dynamic key into input is not kept", "r := [v | some k; v := input[k]]", false),
                Arguments.of("a rule reading base data is not kept", "r := data.inventory", false),
                Arguments.of("a rule reading a rule that reads the review is not kept",
                        "r if { reads_review }", false),
                Arguments.of("a rule calling a function that reads the review is not kept",
                        "r := plus_review(input.parameters.n)", false),
                Arguments.of("a nondeterministic builtin is not kept", "r := time.now_ns()", false),
                Arguments.of("print is not kept", "r if { print(input.parameters); true }", false),
                Arguments.of("object.get of a dynamic member is not kept",
                        "r := object.get(input, input.parameters.k, 1)", false));
    }

    private static final String HELPERS = """
            kept := {x | x := input.parameters.a[_]}
            reads_review if { input.review.kind.kind == "Pod" }
            inc(x) := x + 1
            plus_review(x) := x + input.review.n
            """;

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void ruleDocuments(String name, String rule, boolean kept) {
        PreparedQuery q = Rego.builder().module("t.rego", "package t\n" + HELPERS + rule + "\n").query("true").build();
        RuleTree.Node node = q.policy().tree().root().child(str("t")).child(str("r"));
        assertThat(q.policy().invariantDocument(node) != null).isEqualTo(kept);
    }

    static Stream<Arguments> terms() {
        return Stream.of(
                Arguments.of("a parameters comprehension without rule variables is kept",
                        "r(c) if { allowed := {x | x := lower(input.parameters.caps[_])}; allowed[c] }",
                        List.of("SetComprehension")),
                Arguments.of("a sibling comprehension using the same variable name does not capture it",
                        "r(c) if { a := {x | x := input.parameters.caps[_]}; b := {x | x := c.add[_]}; "
                                + "count(b - a) > 0 }",
                        List.of("SetComprehension")),
                Arguments.of("a comprehension using a rule variable is a closure, not kept",
                        "r(c) if { a := {x | x := input.parameters.caps[_]; x != c}; count(a) > 0 }", List.of()),
                Arguments.of("a comprehension using a variable bound before it is a closure, not kept",
                        "r if { y := 1; a := [x | x := input.parameters.caps[_]; x > y]; count(a) > 0 }",
                        List.of()),
                Arguments.of("object.get of the parameters member is kept as a whole",
                        "r(c) if { e := object.get(object.get(input, \"parameters\", {}), \"exempt\", []); e[_] == c }",
                        List.of("call object.get")),
                Arguments.of("a call reading the review is not kept",
                        "r if { x := object.get(input.review, \"k\", 1); x }", List.of()),
                Arguments.of("a call with a rule variable is not kept, a closed call inside it is",
                        "r(c) := sprintf(\"%v %v\", [c, object.get(input.parameters, \"k\", \"none\")])",
                        List.of("call object.get")),
                Arguments.of("a call of a function of its arguments is kept",
                        "r if { y := inc(input.parameters.n); y > 0 }", List.of("call data.t.inc")),
                Arguments.of("a call of a function reading the review is not kept",
                        "r if { y := plus_review(input.parameters.n); y > 0 }", List.of()),
                Arguments.of("a comprehension calling a nondeterministic builtin is not kept",
                        "r if { x := {t | t := time.now_ns(); input.parameters.a}; count(x) > 0 }", List.of()),
                Arguments.of("a comprehension over a builtin with several results is kept whole",
                        "r if { x := [p | walk(input.parameters, p)]; count(x) > 0 }", List.of("ArrayComprehension")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("terms")
    void closedTerms(String name, String rule, List<String> kept) {
        PreparedQuery q = Rego.builder().module("t.rego", "package t\n" + HELPERS + rule + "\n").query("true").build();
        CompiledPolicy policy = q.policy();
        RuleTree.Node node = policy.tree().root().child(str("t")).child(str("r"));
        List<String> found = new ArrayList<>();
        for (Rule r : node.rules()) {
            List<Term> roots = new ArrayList<>(r.args());
            if (r.value() != null) {
                roots.add(r.value());
            }
            roots.forEach(t -> keptTerms(policy, t, found));
            body(policy, r.body(), found);
        }
        assertThat(found).isEqualTo(kept);
    }

    // ------------------------------------------------------------------ results never change

    private static final String POLICY = """
            package t
            allowed := {lower(x) | x := input.parameters.caps[_]}
            wildcard if { allowed["*"] }
            disallowed(c) if {
                ok := {x | x := lower(input.parameters.caps[_])}
                caps := {x | x := lower(c.add[_])}
                count(caps - ok) > 0
            }
            above(n) := {x | x := input.parameters.nums[_]; x > n}
            exempt := object.get(object.get(input, "parameters", {}), "exempt", [])
            bad := to_number(input.parameters.s)
            plain_wildcard := true if { wildcard } else := false
            replaced_wildcard := true if { wildcard with data.t.allowed as {"*"} } else := false
            replaced_input := v if { v := allowed with input.parameters.caps as ["Z"] }
            replaced_lower := v if { v := allowed with lower as upper }
            """;

    @Test
    void keptDocuments_followEachEvaluationsParameters() {
        PreparedQuery q = query("x := [data.t.allowed, data.t.exempt]");
        for (int round = 0; round < 3; round++) {
            // More distinct parameters than are kept, so that entries give way and are computed again.
            for (int i = 0; i < 12; i++) {
                String input = "{\"parameters\": {\"caps\": [\"C" + i + "\"], \"exempt\": [" + i + "]}}";
                assertThat(x(q, input)).isEqualTo("[[\"c" + i + "\"],[" + i + "]]");
            }
        }
        assertThat(x(q, "{}")).isEqualTo("[[],[]]");
        assertThat(x(q, "{\"review\": {}}")).isEqualTo("[[],[]]");
    }

    @Test
    void equalParametersFromAnotherConversion_giveTheSameResult() {
        PreparedQuery q = query("x := data.t.allowed");
        String input = "{\"parameters\": {\"caps\": [\"A\", \"B\"]}}";
        assertThat(x(q, input)).isEqualTo("[\"a\",\"b\"]");
        assertThat(x(q, input)).isEqualTo("[\"a\",\"b\"]"); // parsed again: equal, not identical
    }

    @Test
    void siblingComprehensions_eachSeeTheirOwnVariables() {
        PreparedQuery q = query("x := [c | c := input.review.containers[_]; data.t.disallowed(c)]");
        String input = "{\"parameters\": {\"caps\": [\"CHOWN\"]}, \"review\": {\"containers\": "
                + "[{\"add\": [\"chown\"]}, {\"add\": [\"NET_ADMIN\"]}, {\"add\": []}]}}";
        assertThat(x(q, input)).isEqualTo("[{\"add\":[\"NET_ADMIN\"]}]");
    }

    @Test
    void closures_areComputedForEachBinding() {
        PreparedQuery q = query("x := [data.t.above(1), data.t.above(2)]");
        assertThat(x(q, "{\"parameters\": {\"nums\": [1, 2, 3]}}")).isEqualTo("[[2,3],[3]]");
    }

    // Each query below is one policy: what the plain rule keeps must not be served under the replacement, nor
    // what is computed under it kept for the plain rule; evaluated twice, so that each order is seen.

    @Test
    void withReplacingData_seesTheReplacement() {
        PreparedQuery q = query("x := [data.t.plain_wildcard, data.t.replaced_wildcard]");
        for (int i = 0; i < 2; i++) {
            assertThat(x(q, "{\"parameters\": {\"caps\": [\"A\"]}}")).isEqualTo("[false,true]");
        }
    }

    @Test
    void withReplacingInput_seesTheReplacementsParameters() {
        PreparedQuery q = query("x := [data.t.allowed, data.t.replaced_input]");
        for (int i = 0; i < 2; i++) {
            assertThat(x(q, "{\"parameters\": {\"caps\": [\"A\"]}}")).isEqualTo("[[\"a\"],[\"z\"]]");
        }
    }

    @Test
    void withReplacingABuiltin_seesTheReplacement() {
        PreparedQuery q = query("x := [data.t.allowed, data.t.replaced_lower]");
        for (int i = 0; i < 2; i++) {
            assertThat(x(q, "{\"parameters\": {\"caps\": [\"a\"]}}")).isEqualTo("[[\"a\"],[\"A\"]]");
        }
    }

    @Test
    void strictBuiltinErrors_areReportedAfterALenientEvaluationKeptUndefined() {
        PreparedQuery q = query("x := data.t.bad");
        Value input = ValueJson.parse("{\"parameters\": {\"s\": \"not a number\"}}");
        assertThat(q.evaluate(input)).isEmpty();
        assertThatThrownBy(() -> q.evaluate(input, ValueJson.parse("{}"), EvalOptions.DEFAULT.withStrict(true)))
                .isInstanceOf(RegoException.class).hasMessageContaining("to_number");
        assertThat(q.evaluate(input)).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private static PreparedQuery query(String query) {
        return Rego.builder().module("t.rego", POLICY).query(query).build();
    }

    private static Value str(String s) {
        return dev.gatehouse.rego.value.StringValue.of(s);
    }

    /** Describes each kept term under a term, outermost first, as the analysis found them. */
    private static void keptTerms(CompiledPolicy policy, Term t, List<String> out) {
        switch (t) {
            case Term.Call c -> {
                CallSite site = policy.callSite(c.operator());
                if (site != null && site.results() != null) {
                    out.add("call " + site.name());
                    return;
                }
                c.args().forEach(a -> keptTerms(policy, a, out));
            }
            case Term.ArrayComprehension c -> comprehension(policy, c, c.body(), out);
            case Term.SetComprehension c -> comprehension(policy, c, c.body(), out);
            case Term.ObjectComprehension c -> comprehension(policy, c, c.body(), out);
            case Term.Ref r -> {
                keptTerms(policy, r.head(), out);
                r.operands().forEach(o -> keptTerms(policy, o, out));
            }
            case Term.ArrayTerm a -> a.elements().forEach(e -> keptTerms(policy, e, out));
            case Term.ObjectTerm o -> o.entries().forEach(e -> keptTerms(policy, e.value(), out));
            default -> { }
        }
    }

    private static void comprehension(CompiledPolicy policy, Term c, Body body, List<String> out) {
        if (policy.invariantComprehension(c) != null) {
            out.add(c.getClass().getSimpleName());
        } else {
            body(policy, body, out);
        }
    }

    private static void body(CompiledPolicy policy, Body body, List<String> out) {
        for (Expr e : body.exprs()) {
            switch (e) {
                case Expr.TermExpr te -> keptTerms(policy, te.term(), out);
                case Expr.CallExpr ce -> ce.args().forEach(a -> keptTerms(policy, a, out));
                default -> { }
            }
        }
    }
}
