package dev.gatehouse.rego.compiler;

import dev.gatehouse.rego.ast.Body;
import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Rule;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.ast.With;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lays out the bindings of rules and queries ({@link Frame}) and records each variable's slot on its term.
 *
 * <p>A unit is what one bindings object serves at run time: a rule with its else branches (each branch starts
 * from empty bindings, so they can share one layout) or a query. Units normally have variable terms of their own,
 * but a term may be shared (else branches share their function's parameters, and rewrites may reuse a term
 * elsewhere); a variable term can record one slot per owner only, so units sharing any variable term are given one
 * layout together, where the term's slot is right for all of them.
 *
 * <p>{@code input} and {@code data} get no slot: they are never bound, and their terms are shared by many units
 * (every reference to a rule starts with the package's {@code data} term), which would merge unrelated layouts.
 * Single-use; not thread-safe.
 */
final class FrameLayouts {
    /** Each unit's variable terms, in order of appearance. */
    private final List<List<Term.Var>> units = new ArrayList<>();
    /** The first unit each variable term was seen in. */
    private final Map<Term.Var, Integer> unitOf = new IdentityHashMap<>();
    /** Union-find parents over units. */
    private final List<Integer> parent = new ArrayList<>();

    /** Adds a rule and its else branches as one unit; returns the unit's number. */
    int addRule(Rule rule) {
        List<Term.Var> vars = new ArrayList<>();
        for (Rule r = rule; r != null; r = r.elseRule()) {
            r.args().forEach(t -> term(t, vars));
            r.ref().operands().forEach(t -> term(t, vars));
            if (r.key() != null) {
                term(r.key(), vars);
            }
            if (r.value() != null) {
                term(r.value(), vars);
            }
            body(r.body(), vars);
        }
        return add(vars);
    }

    /** Adds a query body as one unit; returns the unit's number. */
    int addQuery(Body query) {
        List<Term.Var> vars = new ArrayList<>();
        body(query, vars);
        return add(vars);
    }

    private int add(List<Term.Var> vars) {
        int unit = units.size();
        units.add(vars);
        parent.add(unit);
        for (Term.Var v : vars) {
            Integer seen = unitOf.putIfAbsent(v, unit);
            if (seen != null && seen != unit) {
                union(seen, unit);
            }
        }
        return unit;
    }

    private int find(int u) {
        while (parent.get(u) != u) {
            parent.set(u, parent.get(parent.get(u)));
            u = parent.get(u);
        }
        return u;
    }

    private void union(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra != rb) {
            parent.set(Math.max(ra, rb), Math.min(ra, rb));
        }
    }

    /**
     * Builds one layout per group of units and records every variable term's slot in it; returns each unit's
     * layout, indexed by unit number.
     */
    Frame[] assign() {
        Map<Integer, Set<String>> names = new java.util.HashMap<>();
        for (int u = 0; u < units.size(); u++) {
            Set<String> group = names.computeIfAbsent(find(u), k -> new LinkedHashSet<>());
            for (Term.Var v : units.get(u)) {
                group.add(v.name());
            }
        }
        Map<Integer, Frame> frames = new java.util.HashMap<>();
        names.forEach((root, group) -> frames.put(root, new Frame(new ArrayList<>(group))));
        Frame[] out = new Frame[units.size()];
        for (int u = 0; u < units.size(); u++) {
            Frame f = frames.get(find(u));
            out[u] = f;
            if (!f.recordable()) {
                continue; // its variables are found by name
            }
            for (Term.Var v : units.get(u)) {
                v.slot(f.id(), f.slotOf(v.name()));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ collecting variable terms

    private static void body(Body b, List<Term.Var> out) {
        for (Expr e : b.exprs()) {
            expr(e, out);
        }
    }

    private static void expr(Expr e, List<Term.Var> out) {
        switch (e) {
            case Expr.TermExpr t -> term(t.term(), out);
            case Expr.CallExpr c -> c.args().forEach(a -> term(a, out)); // the operator is a name, never bound
            case Expr.SomeDecl s -> s.vars().forEach(v -> term(v, out));
            case Expr.SomeIn s -> {
                if (s.key() != null) {
                    term(s.key(), out);
                }
                term(s.value(), out);
                term(s.collection(), out);
            }
            case Expr.Every ev -> {
                if (ev.key() != null) {
                    term(ev.key(), out);
                }
                term(ev.value(), out);
                term(ev.domain(), out);
                body(ev.body(), out);
            }
            case Expr.Logic l -> l.operands().forEach(op -> body(op, out));
        }
        withs(e.withs(), out);
    }

    private static void withs(List<With> ws, List<Term.Var> out) {
        for (With w : ws) {
            term(w.target(), out);
            term(w.value(), out);
        }
    }

    private static void term(Term t, List<Term.Var> out) {
        switch (t) {
            case Term.Scalar s -> { }
            case Term.Var v -> {
                String n = v.name();
                if (!n.equals("input") && !n.equals("data")) {
                    out.add(v);
                }
            }
            case Term.Ref r -> {
                term(r.head(), out);
                r.operands().forEach(o -> term(o, out));
            }
            case Term.ArrayTerm a -> a.elements().forEach(e -> term(e, out));
            case Term.SetTerm s -> s.elements().forEach(e -> term(e, out));
            case Term.ObjectTerm o -> o.entries().forEach(e -> {
                term(e.key(), out);
                term(e.value(), out);
            });
            case Term.ArrayComprehension c -> {
                term(c.head(), out);
                body(c.body(), out);
            }
            case Term.SetComprehension c -> {
                term(c.head(), out);
                body(c.body(), out);
            }
            case Term.ObjectComprehension c -> {
                term(c.key(), out);
                term(c.value(), out);
                body(c.body(), out);
            }
            case Term.Call c -> c.args().forEach(a -> term(a, out));
            case Term.Template tpl -> {
                tpl.parts().forEach(p -> term(p, out));
                withs(tpl.withs(), out);
            }
        }
    }
}
