package dev.gatehouse.rego.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.rego.PreparedQuery;
import dev.gatehouse.rego.Rego;
import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.compiler.RuleTree;
import dev.gatehouse.rego.value.ValueJson;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * References into {@code data} start from the rule-tree nodes the compiler found for their constant operands; the
 * results must be those of descending operand by operand, wherever the precomputed descent stops.
 */
class DataPathTest {

    private static final String POLICY = """
            package t
            obj := {"a": {"b": 1}}
            s contains x if { some x in [1, 2] }
            f(x) := x + 1
            deep := data.t.obj.a.b
            through_base := data.t.cfg.limit
            number_key := data.t.list[1]
            missing := data.t.nothing.here
            whole := data.t.sub
            member := data.t.s[2]
            replaced := x if { x := data.t.obj.a.b with data.t.obj as {"a": {"b": 7}} }
            replaced_base := x if { x := data.t.cfg.limit with data.t.cfg.limit as 9 }
            """;

    private static final String SUB = """
            package t.sub
            r := 3
            """;

    /** Outside package t: replacing all of t from inside it would be recursion. */
    private static final String OTHER = """
            package u
            replaced_package := x if { x := data.t.obj.a.b with data.t as {"obj": {"a": {"b": 8}}} }
            """;

    private static final String DATA = """
            {"t": {"cfg": {"limit": 5}, "list": {"1": "one"}, "sub": {"base": true}}}
            """;

    static Stream<Arguments> refs() {
        return Stream.of(
                Arguments.of("a path that ends at a rule walks on into its value", "data.t.deep", "1"),
                Arguments.of("a path past the rules reads base data", "data.t.through_base", "5"),
                Arguments.of("a numeric operand finds base data under its string key", "data.t.number_key", "\"one\""),
                Arguments.of("a path to nothing is undefined", "data.t.missing", null),
                Arguments.of("a package merges its rules with base data", "data.t.whole", "{\"base\":true,\"r\":3}"),
                Arguments.of("a path into a partial set tests membership", "data.t.member", "2"),
                Arguments.of("a replaced rule is seen under with", "data.t.replaced", "7"),
                Arguments.of("a replaced package is seen under with, above the rule the path leads to",
                        "data.u.replaced_package", "8"),
                Arguments.of("replaced base data is seen under with", "data.t.replaced_base", "9"),
                Arguments.of("a query path that stops at the package root", "data.t.sub.r", "3"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refs")
    void dataReferences_evaluateAsTheOperandByOperandDescent(String name, String query, String want) {
        PreparedQuery q = Rego.builder().module("t.rego", POLICY).module("sub.rego", SUB).module("u.rego", OTHER)
                .data(DATA).query(query).build();
        var rs = q.evaluate(null);
        if (want == null) {
            assertThat(rs).isEmpty();
        } else {
            assertThat(ValueJson.toJson(rs.get(0).expressions().get(0))).isEqualTo(want);
        }
    }

    @Test
    void aRulesDataReference_carriesTheNodesOfItsConstantOperands() {
        PreparedQuery q = Rego.builder().module("t.rego", POLICY).module("sub.rego", SUB).query("data.t.deep").build();
        RuleTree.Node deep = q.policy().tree().find(List.of("t", "deep"));
        Term.Ref ref = null;
        for (Expr e : deep.rules().get(0).body().exprs()) {
            if (e instanceof Expr.CallExpr c && c.args().get(1) instanceof Term.Ref r) {
                ref = r;
            }
        }
        if (ref == null && deep.rules().get(0).value() instanceof Term.Ref r) {
            ref = r;
        }
        assertThat(ref).as("data.t.obj.a.b in the rule").isNotNull();
        RuleTree.Node[] path = q.policy().dataPath(ref);
        // data -> t -> obj: the descent stops at the rule, whose value the rest of the operands walk.
        assertThat(path).containsExactly(q.policy().tree().find(List.of("t")),
                q.policy().tree().find(List.of("t", "obj")));
    }
}
