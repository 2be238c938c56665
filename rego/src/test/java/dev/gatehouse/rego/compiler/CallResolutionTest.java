package dev.gatehouse.rego.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Location;
import dev.gatehouse.rego.ast.RegoVersion;
import dev.gatehouse.rego.ast.Resolution;
import dev.gatehouse.rego.ast.Rule;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.builtins.Builtins;
import dev.gatehouse.rego.parser.Parser;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Call operators carry their compile-time resolution; a term shared by several policies must still dispatch as
 * each policy resolved it.
 */
class CallResolutionTest {

    @Test
    void aResolution_isReadOnlyByTheOwnerThatWroteIt() {
        Resolution r = new Resolution();
        Object a = new Object();
        Object b = new Object();
        assertThat(r.get(a)).isNull();
        r.set(a, "for a");
        assertThat(r.get(a)).isEqualTo("for a");
        assertThat(r.get(b)).isNull();
        r.set(b, "for b");
        assertThat(r.get(b)).isEqualTo("for b");
        assertThat(r.get(a)).as("the last writer wins; the others read nothing").isNull();
    }

    @Test
    void refsDifferingOnlyInTheirResolution_areEqual() {
        Term.Var head = new Term.Var("count", Location.NONE);
        Term.Ref a = new Term.Ref(head, List.of(), Location.NONE);
        Term.Ref b = new Term.Ref(head, List.of(), Location.NONE);
        a.resolution().set(this, "resolved");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }

    @Test
    void policiesSharingAnOperator_eachDispatchAsTheyResolvedIt() {
        var m = Parser.parseModule("t.rego", "package t\nn := count([1, 2])", RegoVersion.V1);
        CompiledPolicy standard = Compiler.compile(List.of(m), Builtins.standard());
        Term.Ref operator = countOperator(standard);
        assertThat(standard.callSite(operator).kind()).isEqualTo(CallSite.Kind.BUILTIN);

        // The same rules and tree, hence the same operator object, in a policy without builtins: it writes last.
        CompiledPolicy bare = new CompiledPolicy(standard.modules(), standard.tree(), Builtins.of(List.of()), java.util.Map.of());
        assertThat(bare.callSite(operator).kind()).isEqualTo(CallSite.Kind.OTHER);
        assertThat(standard.callSite(operator).kind()).as("falls back to its own table").isEqualTo(CallSite.Kind.BUILTIN);
        assertThat(standard.callSite(operator).target().builtin()).isSameAs(Builtins.standard().get("count"));
    }

    @Test
    void aQueryCompiledAgainstAPolicy_hasItsOperatorsResolvedAsThePolicysAre() {
        var m = Parser.parseModule("t.rego", "package t\ndouble(x) := x * 2\nviolation contains 1 if { true }",
                RegoVersion.V1);
        CompiledPolicy policy = Compiler.compile(List.of(m), Builtins.standard());
        CompiledQuery query = Compiler.compileQuery(Parser.parseQuery(
                "x = data.t.violation; n := [y | y := data.t.double(2)]; lower(\"A\", s)", RegoVersion.V1), policy);
        java.util.Map<String, CallSite.Kind> kinds = new java.util.TreeMap<>();
        java.util.function.Consumer<Term.Ref> record = operator -> {
            CallSite site = policy.callSite(operator);
            kinds.put(site == null ? "unresolved " + operator : site.name(), site == null ? null : site.kind());
        };
        TermMapper.forEachExpr(query.body(), e -> {
            if (e instanceof Expr.CallExpr c) {
                record.accept(c.operator());
            }
        });
        TermMapper.visitBody(query.body(), t -> {
            if (t instanceof Term.Call c) {
                record.accept(c.operator());
            }
        });
        assertThat(kinds).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                "eq", CallSite.Kind.UNIFY,
                "assign", CallSite.Kind.UNIFY,
                "data.t.double", CallSite.Kind.FUNCTION,
                "lower", CallSite.Kind.BUILTIN));
    }

    private static Term.Ref countOperator(CompiledPolicy policy) {
        Rule rule = policy.tree().find(List.of("t", "n")).rules().get(0);
        for (Expr e : rule.body().exprs()) {
            if (e instanceof Expr.CallExpr c) {
                for (Term arg : c.args()) {
                    if (arg instanceof Term.Call call) {
                        return call.operator();
                    }
                }
            }
        }
        if (rule.value() instanceof Term.Call call) {
            return call.operator();
        }
        throw new AssertionError("no count call in " + rule);
    }
}
