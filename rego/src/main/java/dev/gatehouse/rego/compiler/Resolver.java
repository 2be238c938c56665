package dev.gatehouse.rego.compiler;

import dev.gatehouse.rego.RegoError;
import dev.gatehouse.rego.ast.Body;
import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Refs;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.ast.With;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stages ResolveRefs and RewriteLocalVars in one scope-aware walk: names of rules and imports become full
 * references ({@code p} to {@code data.pkg.p}), and variables declared with {@code :=}, {@code some} or
 * {@code every} inside comprehensions and {@code every} bodies get unique names so they cannot capture or leak
 * outer variables. Declared names shadow globals.
 */
final class Resolver {

    /** A lexical scope of declared variables. */
    static final class Scope {
        final Scope parent;
        final boolean renames;
        final Map<String, String> declared = new HashMap<>();

        Scope(Scope parent, boolean renames) {
            this.parent = parent;
            this.renames = renames;
        }

        String lookup(String name) {
            for (Scope s = this; s != null; s = s.parent) {
                String r = s.declared.get(name);
                if (r != null) {
                    return r;
                }
            }
            return null;
        }
    }

    private final Map<String, Term.Ref> globals;
    private final List<RegoError> errors;
    private final int[] counter;

    Resolver(Map<String, Term.Ref> globals, List<RegoError> errors, int[] counter) {
        this.globals = globals;
        this.errors = errors;
        this.counter = counter;
    }

    private String declare(Scope s, Term.Var v, boolean assign) {
        String name = v.name();
        if (name.startsWith("$_")) {
            return name;
        }
        if (name.equals("input") || name.equals("data")) {
            errors.add(RegoError.of(RegoError.Code.COMPILE, "variables must not shadow " + name
                    + " (use a different variable name)", v.location().file(), v.location().row(), v.location().col()));
            return name;
        }
        if (assign && s.declared.containsKey(name)) {
            errors.add(RegoError.of(RegoError.Code.COMPILE, "var " + name + " assigned above", v.location().file(),
                    v.location().row(), v.location().col()));
        }
        String renamed = s.renames ? "$local" + (counter[0]++) + "_" + name : name;
        s.declared.put(name, renamed);
        return renamed;
    }

    Body body(Body b, Scope s) {
        List<Expr> out = new ArrayList<>(b.exprs().size());
        for (Expr e : b.exprs()) {
            out.add(expr(e, s));
        }
        return new Body(out, b.location());
    }

    Expr expr(Expr e, Scope s) {
        List<With> withs = new ArrayList<>();
        for (With w : e.withs()) {
            withs.add(new With(term(w.target(), s), term(w.value(), s), w.location()));
        }
        return switch (e) {
            case Expr.CallExpr c when c.name() != null && c.name().equals("assign") -> {
                Term rhs = term(c.args().get(1), s);
                for (Term.Var v : varsIn(c.args().get(0))) {
                    declare(s, v, true);
                }
                Term lhs = term(c.args().get(0), s);
                yield new Expr.CallExpr(c.operator(), List.of(lhs, rhs), c.negated(), withs, c.location());
            }
            case Expr.CallExpr c -> {
                Term.Ref op = resolveOperator(c.operator(), s);
                List<Term> args = new ArrayList<>();
                for (Term a : c.args()) {
                    args.add(term(a, s));
                }
                yield new Expr.CallExpr(op, args, c.negated(), withs, c.location());
            }
            case Expr.TermExpr t -> new Expr.TermExpr(term(t.term(), s), t.negated(), withs, t.location());
            case Expr.SomeDecl d -> {
                List<Term.Var> vars = new ArrayList<>();
                for (Term.Var v : d.vars()) {
                    vars.add(new Term.Var(declare(s, v, false), v.location()));
                }
                yield new Expr.SomeDecl(vars, d.negated(), withs, d.location());
            }
            case Expr.SomeIn in -> {
                Term coll = term(in.collection(), s);
                if (in.key() != null) {
                    varsIn(in.key()).forEach(v -> declare(s, v, false));
                }
                varsIn(in.value()).forEach(v -> declare(s, v, false));
                yield new Expr.SomeIn(in.key() == null ? null : term(in.key(), s), term(in.value(), s), coll,
                        in.negated(), withs, in.location());
            }
            case Expr.Logic l -> new Expr.Logic(l.op(),
                    l.operands().stream().map(op -> body(op, new Scope(s, true))).toList(), l.negated(), withs, l.location());
            case Expr.Every ev -> {
                Term domain = term(ev.domain(), s);
                Scope inner = new Scope(s, true);
                if (ev.key() != null) {
                    varsIn(ev.key()).forEach(v -> declare(inner, v, false));
                }
                varsIn(ev.value()).forEach(v -> declare(inner, v, false));
                Term key = ev.key() == null ? null : term(ev.key(), inner);
                Term value = term(ev.value(), inner);
                yield new Expr.Every(key, value, domain, body(ev.body(), inner), ev.negated(), withs, ev.location());
            }
        };
    }

    /** Vars in pattern positions (vars, array elements, object values) that a declaration binds. */
    static List<Term.Var> varsIn(Term t) {
        List<Term.Var> out = new ArrayList<>();
        collectPatternVars(t, out);
        return out;
    }

    private static void collectPatternVars(Term t, List<Term.Var> out) {
        switch (t) {
            case Term.Var v -> out.add(v);
            case Term.ArrayTerm a -> a.elements().forEach(e -> collectPatternVars(e, out));
            case Term.ObjectTerm o -> o.entries().forEach(e -> collectPatternVars(e.value(), out));
            default -> { }
        }
    }

    private Term.Ref resolveOperator(Term.Ref op, Scope s) {
        if (op.head() instanceof Term.Var v && s.lookup(v.name()) == null) {
            Term.Ref g = globals.get(v.name());
            if (g != null) {
                return concat(g, op.operands(), s, op);
            }
        }
        return op;
    }

    private Term.Ref concat(Term.Ref g, List<Term> more, Scope s, Term.Ref at) {
        List<Term> ops = new ArrayList<>(g.operands());
        for (Term o : more) {
            ops.add(term(o, s));
        }
        return new Term.Ref(g.head(), ops, at.location());
    }

    Term term(Term t, Scope s) {
        return switch (t) {
            case Term.Scalar sc -> sc;
            case Term.Var v -> {
                String r = s.lookup(v.name());
                if (r != null) {
                    yield r.equals(v.name()) ? v : new Term.Var(r, v.location());
                }
                Term.Ref g = globals.get(v.name());
                yield g == null ? v : new Term.Ref(g.head(), g.operands(), v.location());
            }
            case Term.Ref r -> {
                if (r.head() instanceof Term.Var v && s.lookup(v.name()) == null && globals.containsKey(v.name())) {
                    yield concat(globals.get(v.name()), r.operands(), s, r);
                }
                List<Term> ops = new ArrayList<>();
                for (Term o : r.operands()) {
                    ops.add(term(o, s));
                }
                yield new Term.Ref(term(r.head(), s), ops, r.location());
            }
            case Term.ArrayTerm a -> new Term.ArrayTerm(a.elements().stream().map(e -> term(e, s)).toList(), a.location());
            case Term.SetTerm st -> new Term.SetTerm(st.elements().stream().map(e -> term(e, s)).toList(), st.location());
            case Term.ObjectTerm o -> new Term.ObjectTerm(o.entries().stream()
                    .map(e -> new Term.Entry(term(e.key(), s), term(e.value(), s))).toList(), o.location());
            case Term.ArrayComprehension c -> {
                Scope inner = new Scope(s, true);
                Body b = body(c.body(), inner);
                yield new Term.ArrayComprehension(term(c.head(), inner), b, c.location());
            }
            case Term.SetComprehension c -> {
                Scope inner = new Scope(s, true);
                Body b = body(c.body(), inner);
                yield new Term.SetComprehension(term(c.head(), inner), b, c.location());
            }
            case Term.ObjectComprehension c -> {
                Scope inner = new Scope(s, true);
                Body b = body(c.body(), inner);
                yield new Term.ObjectComprehension(term(c.key(), inner), term(c.value(), inner), b, c.location());
            }
            case Term.Call c -> new Term.Call(resolveOperator(c.operator(), s),
                    c.args().stream().map(a -> term(a, s)).toList(), c.location());
            case Term.Template tpl -> new Term.Template(tpl.parts().stream().map(p -> term(p, s)).toList(), tpl.raw(),
                    tpl.withs().stream().map(w -> new With(term(w.target(), s), term(w.value(), s), w.location())).toList(),
                    tpl.location());
        };
    }

    static String nameOf(Term.Ref r) {
        return Refs.nameOf(r);
    }
}
