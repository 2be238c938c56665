package dev.gatehouse.rego;

import dev.gatehouse.rego.ast.Body;
import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Refs;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.builtins.Builtin;
import dev.gatehouse.rego.compiler.CompiledPolicy;
import dev.gatehouse.rego.compiler.RuleTree;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a top-level query so that each expression's value can be reported as {@code opa eval} reports it: a
 * term expression is its value; a call whose output argument is left out ({@code count(x)}, {@code 1 + 2},
 * {@code a > b}) is the function's result, so {@code 1 > 2} alone answers {@code false}; assignments,
 * unifications, negations and void calls are {@code true}. As in OPA, when the query has several expressions or
 * iterates, a captured call value must also be true for the row to count, so {@code x := 1; x > 2} stays
 * undefined.
 *
 * @param body the query to evaluate
 * @param expressionVars per expression, the variable holding its value, or null where the value is true
 */
record QueryValueCapture(Body body, List<String> expressionVars) {

    private static final String PREFIX = "$expr";

    static QueryValueCapture of(Body query, CompiledPolicy policy) {
        List<Expr> exprs = new ArrayList<>();
        List<Expr> checks = new ArrayList<>();
        List<String> vars = new ArrayList<>();
        boolean checkCalls = query.exprs().size() > 1 || iterates(query);
        int i = 0;
        for (Expr e : query.exprs()) {
            if (e instanceof Expr.TermExpr t && !t.negated()) {
                String v = PREFIX + (i++);
                vars.add(v);
                exprs.add(new Expr.CallExpr(Refs.fromName("eq", t.location()),
                        List.of(new Term.Var(v, t.location()), t.term()), false, t.withs(), t.location()));
            } else if (e instanceof Expr.CallExpr c && !c.negated() && returnsValue(c, policy)) {
                String v = PREFIX + (i++);
                vars.add(v);
                List<Term> args = new ArrayList<>(c.args());
                args.add(new Term.Var(v, c.location()));
                exprs.add(new Expr.CallExpr(c.operator(), args, false, c.withs(), c.location()));
                if (checkCalls) {
                    checks.add(new Expr.TermExpr(new Term.Var(v, c.location()), false, List.of(), c.location()));
                }
            } else {
                vars.add(null);
                exprs.add(e);
            }
        }
        exprs.addAll(checks);
        return new QueryValueCapture(new Body(exprs, query.location()), vars);
    }

    /** A call that leaves out its output argument of a function that has one. */
    private static boolean returnsValue(Expr.CallExpr c, CompiledPolicy policy) {
        String name = policy.callName(c.operator());
        if (name == null || name.equals("eq") || name.equals("assign") || name.equals("print")
                || name.equals("internal.print")) {
            return false;
        }
        Builtin builtin = policy.builtin(name);
        if (builtin != null) {
            return !builtin.decl().variadic() && builtin.decl().arity() == c.args().size();
        }
        RuleTree.Node function = policy.function(name);
        return function != null && policy.functionArity(function) == c.args().size();
    }

    /** Whether the query may produce several rows: a reference with a variable in it outside comprehensions. */
    private static boolean iterates(Body query) {
        for (Expr e : query.exprs()) {
            switch (e) {
                case Expr.TermExpr t -> {
                    if (iterates(t.term())) {
                        return true;
                    }
                }
                case Expr.CallExpr c -> {
                    for (Term a : c.args()) {
                        if (iterates(a)) {
                            return true;
                        }
                    }
                }
                default -> {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean iterates(Term t) {
        return switch (t) {
            case Term.Ref r -> iterates(r.head()) || r.operands().stream().anyMatch(
                    o -> o instanceof Term.Var || iterates(o));
            case Term.ArrayTerm a -> a.elements().stream().anyMatch(QueryValueCapture::iterates);
            case Term.SetTerm s -> s.elements().stream().anyMatch(QueryValueCapture::iterates);
            case Term.ObjectTerm o -> o.entries().stream().anyMatch(en -> iterates(en.key()) || iterates(en.value()));
            case Term.Call c -> c.args().stream().anyMatch(QueryValueCapture::iterates);
            default -> false;
        };
    }
}
