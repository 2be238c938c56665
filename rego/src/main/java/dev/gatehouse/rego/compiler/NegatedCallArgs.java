package dev.gatehouse.rego.compiler;

import dev.gatehouse.rego.ast.Body;
import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Import;
import dev.gatehouse.rego.ast.Module;
import dev.gatehouse.rego.ast.Refs;
import dev.gatehouse.rego.ast.Rule;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.ast.With;
import dev.gatehouse.rego.value.StringValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates the references and nested calls in the arguments of a negated call before the negation, as OPA's
 * compiler does (its dynamic-term and expression-term rewrites): {@code not f(x.y)} becomes
 * {@code $dyn0 = x.y; not f($dyn0)}. So when an argument is undefined the whole expression is undefined rather
 * than true; Gatekeeper policies such as {@code not accept_value(rule, v, params.ranges)} rely on it. Modules that
 * import {@code future.keywords.not} get the newer semantics, where {@code not} covers the whole expression, and
 * are left alone. Not thread-safe: one instance serves one compilation.
 */
final class NegatedCallArgs {
    private final int[] counter;

    NegatedCallArgs(int[] counter) {
        this.counter = counter;
    }

    /** Whether the module opts into {@code not} negating the whole expression. */
    static boolean negatesWholeExpression(Module m) {
        for (Import imp : m.imports()) {
            List<Term> ops = imp.path().operands();
            if ("future".equals(Refs.headName(imp.path())) && !ops.isEmpty() && isString(ops.get(0), "keywords")
                    && (ops.size() == 1 || isString(ops.get(1), "not"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isString(Term t, String s) {
        return t instanceof Term.Scalar sc && sc.value() instanceof StringValue str && str.value().equals(s);
    }

    Rule rule(Rule r) {
        Rule out = r.withBody(body(r.body()));
        return r.elseRule() == null ? out : out.withElse(rule(r.elseRule()));
    }

    Body body(Body b) {
        List<Expr> out = new ArrayList<>(b.exprs().size());
        for (Expr e : b.exprs()) {
            Expr inner = nested(e);
            if (inner instanceof Expr.CallExpr c && c.negated() && !isUnification(c)) {
                // OPA turns == into unification before hoisting, so only nested calls leave an equality.
                boolean refs = !"equal".equals(Refs.nameOf(c.operator()));
                List<Term> args = new ArrayList<>(c.args().size());
                for (Term a : c.args()) {
                    args.add(hoist(a, refs, c.withs(), out));
                }
                out.add(new Expr.CallExpr(c.operator(), args, true, c.withs(), c.location()));
            } else {
                out.add(inner);
            }
        }
        return new Body(out, b.location());
    }

    private static boolean isUnification(Expr.CallExpr c) {
        String name = Refs.nameOf(c.operator());
        return "eq".equals(name) || "assign".equals(name);
    }

    /** Replaces a reference or call argument by a fresh variable bound (with the same modifiers) beforehand. */
    private Term hoist(Term t, boolean refs, List<With> withs, List<Expr> out) {
        return switch (t) {
            case Term.Ref r when refs && !hasWildcard(r) -> bind(r, withs, out);
            case Term.Call c -> bind(c, withs, out);
            case Term.ArrayTerm a -> new Term.ArrayTerm(a.elements().stream().map(x -> hoist(x, refs, withs, out))
                    .toList(), a.location());
            case Term.SetTerm s -> new Term.SetTerm(s.elements().stream().map(x -> hoist(x, refs, withs, out))
                    .toList(), s.location());
            case Term.ObjectTerm o -> new Term.ObjectTerm(o.entries().stream()
                    .map(e -> new Term.Entry(hoist(e.key(), refs, withs, out), hoist(e.value(), refs, withs, out)))
                    .toList(), o.location());
            default -> t;
        };
    }

    private Term bind(Term t, List<With> withs, List<Expr> out) {
        Term.Var v = new Term.Var("$dyn" + (counter[0]++), t.location());
        out.add(new Expr.CallExpr(Refs.fromName("eq", t.location()), List.of(v, t), false, withs, t.location()));
        return v;
    }

    /** A wildcard would iterate once hoisted out of the negation; such references stay where they are. */
    private static boolean hasWildcard(Term.Ref r) {
        boolean[] found = {false};
        TermMapper.visit(r, x -> {
            if (x instanceof Term.Var v && v.name().startsWith("$_")) {
                found[0] = true;
            }
        });
        return found[0];
    }

    private Expr nested(Expr e) {
        return switch (e) {
            case Expr.Every ev -> new Expr.Every(ev.key(), ev.value(), term(ev.domain()), body(ev.body()), ev.negated(),
                    ev.withs(), ev.location());
            case Expr.Logic l -> new Expr.Logic(l.op(), l.operands().stream().map(this::body).toList(), l.negated(),
                    l.withs(), l.location());
            case Expr.CallExpr c -> new Expr.CallExpr(c.operator(), c.args().stream().map(this::term).toList(),
                    c.negated(), c.withs(), c.location());
            case Expr.TermExpr t -> new Expr.TermExpr(term(t.term()), t.negated(), t.withs(), t.location());
            default -> e;
        };
    }

    /** Rewrites the bodies of comprehensions inside a term. */
    private Term term(Term t) {
        return switch (t) {
            case Term.ArrayComprehension c -> new Term.ArrayComprehension(term(c.head()), body(c.body()), c.location());
            case Term.SetComprehension c -> new Term.SetComprehension(term(c.head()), body(c.body()), c.location());
            case Term.ObjectComprehension c -> new Term.ObjectComprehension(term(c.key()), term(c.value()),
                    body(c.body()), c.location());
            case Term.ArrayTerm a -> new Term.ArrayTerm(a.elements().stream().map(this::term).toList(), a.location());
            case Term.SetTerm s -> new Term.SetTerm(s.elements().stream().map(this::term).toList(), s.location());
            case Term.ObjectTerm o -> new Term.ObjectTerm(o.entries().stream()
                    .map(e -> new Term.Entry(term(e.key()), term(e.value()))).toList(), o.location());
            case Term.Call c -> new Term.Call(c.operator(), c.args().stream().map(this::term).toList(), c.location());
            case Term.Ref r -> new Term.Ref(term(r.head()), r.operands().stream().map(this::term).toList(), r.location());
            default -> t;
        };
    }
}
