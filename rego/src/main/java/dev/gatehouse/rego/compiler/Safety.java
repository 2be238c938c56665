package dev.gatehouse.rego.compiler;

import dev.gatehouse.rego.RegoError;
import dev.gatehouse.rego.ast.Body;
import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Location;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.ast.With;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Stages CheckSafetyRuleBodies and CheckSafetyRuleHeads: reorders each body so that every expression runs after
 * the expressions that bind its inputs (keeping source order where possible), and reports variables no
 * expression can bind as {@code rego_unsafe_var_error}. Nested bodies (comprehensions, every) are ordered with
 * the variables bound at their position.
 */
final class Safety {

    /** Variables an expression needs and binds. */
    private static final class Info {
        final Set<String> in = new LinkedHashSet<>();
        final Set<String> out = new LinkedHashSet<>();
        Set<String> patA = new LinkedHashSet<>();
        Set<String> patB = new LinkedHashSet<>();
        boolean unification;
        boolean bothComposite;
    }

    private final List<RegoError> errors;
    private final ToIntFunction<String> arity;

    /** @param arity declared arity of a builtin/function by name; -1 if unknown or variadic */
    Safety(List<RegoError> errors, ToIntFunction<String> arity) {
        this.errors = errors;
        this.arity = arity;
    }

    /** Orders a body; {@code bound} is updated with the variables bound after it. */
    Body order(Body body, Set<String> bound, Set<String> scope) {
        Set<String> context = new HashSet<>(scope);
        for (Expr e : body.exprs()) {
            shallowVars(e, context);
        }
        List<Expr> pending = new ArrayList<>(body.exprs());
        List<Expr> ordered = new ArrayList<>();
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (int i = 0; i < pending.size(); i++) {
                Expr e = pending.get(i);
                Info info = info(e, context);
                if (ready(info, bound)) {
                    pending.remove(i);
                    ordered.add(nested(e, bound, context));
                    if (!e.negated()) {
                        bound.addAll(info.out);
                    }
                    progress = true;
                    break;
                }
            }
            if (!progress) {
                Set<String> reported = new HashSet<>();
                for (Expr e : pending) {
                    Info info = info(e, context);
                    Set<String> missing = new LinkedHashSet<>();
                    for (String v : info.in) {
                        if (!bound.contains(v)) {
                            missing.add(v);
                        }
                    }
                    if (info.unification && missing.isEmpty()) {
                        for (String v : info.patA) {
                            if (!bound.contains(v)) {
                                missing.add(v);
                            }
                        }
                        for (String v : info.patB) {
                            if (!bound.contains(v)) {
                                missing.add(v);
                            }
                        }
                    }
                    for (String v : missing) {
                        if (reported.add(v)) {
                            unsafe(v, e.location());
                        }
                    }
                }
                ordered.addAll(pending);
                break;
            }
        }
        return new Body(ordered, body.location());
    }

    void unsafe(String var, Location l) {
        errors.add(RegoError.of(RegoError.Code.UNSAFE_VAR, "var " + displayName(var) + " is unsafe", l.file(), l.row(),
                l.col()));
    }

    static String displayName(String v) {
        if (v.startsWith("$local")) {
            int i = v.indexOf('_');
            return i > 0 ? v.substring(i + 1) : v;
        }
        return v;
    }

    /** Variables of a term that must be bound before it can be evaluated as a value. */
    Set<String> inputs(Term t, Set<String> context) {
        Info info = new Info();
        collect(t, false, info, context);
        Set<String> all = new LinkedHashSet<>(info.in);
        all.addAll(info.patA);
        return all;
    }

    private boolean ready(Info info, Set<String> bound) {
        for (String v : info.in) {
            // A variable bound by a ref in the same expression may be used by it (foo == input.foos[foo]).
            if (!bound.contains(v) && !(info.out.contains(v) && !info.unification)) {
                return false;
            }
        }
        if (info.unification) {
            return bound.containsAll(info.patA) || bound.containsAll(info.patB) || info.bothComposite;
        }
        return true;
    }

    private Info info(Expr e, Set<String> context) {
        Info info = new Info();
        switch (e) {
            case Expr.TermExpr t -> collect(t.term(), false, info, context);
            case Expr.CallExpr c -> {
                String name = c.name();
                if ("eq".equals(name) || "assign".equals(name)) {
                    info.unification = true;
                    Info a = new Info();
                    collect(c.args().get(0), true, a, context);
                    Info b = new Info();
                    collect(c.args().get(1), true, b, context);
                    info.in.addAll(a.in);
                    info.in.addAll(b.in);
                    info.out.addAll(a.out);
                    info.out.addAll(b.out);
                    info.patA = a.patA;
                    info.patB = b.patA;
                    info.out.addAll(a.patA);
                    info.out.addAll(b.patA);
                    info.bothComposite = isComposite(c.args().get(0)) && isComposite(c.args().get(1));
                } else {
                    int n = arity.applyAsInt(name == null ? "" : name);
                    List<Term> args = c.args();
                    for (int i = 0; i < args.size(); i++) {
                        if (n >= 0 && i == n && args.size() == n + 1) {
                            Info o = new Info();
                            collect(args.get(i), true, o, context);
                            info.in.addAll(o.in);
                            info.out.addAll(o.out);
                            info.out.addAll(o.patA);
                        } else {
                            collect(args.get(i), false, info, context);
                        }
                    }
                }
            }
            case Expr.SomeDecl s -> { }
            case Expr.SomeIn s -> {
                collect(s.collection(), false, info, context);
                Info o = new Info();
                if (s.key() != null) {
                    collect(s.key(), true, o, context);
                }
                collect(s.value(), true, o, context);
                info.in.addAll(o.in);
                info.out.addAll(o.out);
                info.out.addAll(o.patA);
            }
            case Expr.Logic l -> {
                Set<String> deep = new HashSet<>();
                for (Body op : l.operands()) {
                    TermMapper.visitBody(op, x -> {
                        if (x instanceof Term.Var v) {
                            deep.add(v.name());
                        }
                    });
                }
                for (String v : deep) {
                    if (context.contains(v) && !isRootOrWildcard(v) && !v.startsWith("$_")) {
                        info.in.add(v);
                    }
                }
            }
            case Expr.Every ev -> {
                collect(ev.domain(), false, info, context);
                Set<String> locals = new HashSet<>();
                if (ev.key() != null) {
                    locals.addAll(TermMapper.vars(ev.key()));
                }
                locals.addAll(TermMapper.vars(ev.value()));
                Set<String> deep = new HashSet<>();
                TermMapper.visitBody(ev.body(), x -> {
                    if (x instanceof Term.Var v) {
                        deep.add(v.name());
                    }
                });
                for (String v : deep) {
                    if (!locals.contains(v) && context.contains(v) && !isRootOrWildcard(v)) {
                        info.in.add(v);
                    }
                }
                info.out.clear();
            }
        }
        for (With w : e.withs()) {
            if (w.value() instanceof Term.Var v && arity.applyAsInt(v.name()) != -2 && isFunctionName(v.name())) {
                continue;
            }
            if (w.value() instanceof Term.Ref r && isFunctionName(dev.gatehouse.rego.ast.Refs.nameOf(r))) {
                continue;
            }
            collect(w.value(), false, info, context);
        }
        if (e.negated()) {
            Set<String> all = new LinkedHashSet<>(info.in);
            all.addAll(info.patA);
            all.addAll(info.patB);
            all.addAll(info.out);
            all.removeIf(v -> v.startsWith("$_"));
            info.in.clear();
            info.in.addAll(all);
            info.out.clear();
            info.unification = false;
        }
        return info;
    }

    private boolean isFunctionName(String name) {
        return name != null && arity.applyAsInt(name) >= 0;
    }

    private static boolean isComposite(Term t) {
        return t instanceof Term.ArrayTerm || t instanceof Term.ObjectTerm;
    }

    private static boolean isRootOrWildcard(String v) {
        return v.equals("input") || v.equals("data");
    }

    /** Sorts variables of a term into inputs, pattern variables (patA) and ref-iteration outputs. */
    private void collect(Term t, boolean pattern, Info info, Set<String> context) {
        switch (t) {
            case Term.Var v -> {
                String n = v.name();
                if (isRootOrWildcard(n)) {
                    return;
                }
                if (pattern) {
                    info.patA.add(n);
                } else if (!n.startsWith("$_")) {
                    info.in.add(n);
                }
            }
            case Term.Ref r -> {
                collect(r.head(), false, info, context);
                for (Term op : r.operands()) {
                    if (op instanceof Term.Var v) {
                        if (!isRootOrWildcard(v.name())) {
                            info.out.add(v.name());
                        }
                    } else if (op instanceof Term.ArrayTerm || op instanceof Term.ObjectTerm) {
                        Info o = new Info();
                        collect(op, true, o, context);
                        info.in.addAll(o.in);
                        info.out.addAll(o.patA);
                        info.out.addAll(o.out);
                    } else {
                        collect(op, false, info, context);
                    }
                }
            }
            case Term.ArrayTerm a -> a.elements().forEach(e -> collect(e, pattern, info, context));
            case Term.ObjectTerm o -> o.entries().forEach(e -> {
                collect(e.key(), false, info, context);
                collect(e.value(), pattern, info, context);
            });
            case Term.SetTerm s -> s.elements().forEach(e -> collect(e, false, info, context));
            case Term.Call c -> c.args().forEach(a -> collect(a, false, info, context));
            case Term.Scalar s -> { }
            default -> {
                // Comprehensions and templates: closed over the variables they share with the enclosing body.
                Set<String> deep = new LinkedHashSet<>();
                TermMapper.visit(t, x -> {
                    if (x instanceof Term.Var v) {
                        deep.add(v.name());
                    }
                });
                for (String v : deep) {
                    if (context.contains(v) && !isRootOrWildcard(v) && !v.startsWith("$_")) {
                        info.in.add(v);
                    }
                }
                if (t instanceof Term.Template tpl) {
                    for (Term p : tpl.parts()) {
                        if (p instanceof Term.Template inner) {
                            for (Term x : inner.parts()) {
                                collect(x, false, info, context);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void shallowVars(Expr e, Set<String> out) {
        TermMapper.shallowVars(e, out);
    }

    // ------------------------------------------------------------------ nested bodies

    private Expr nested(Expr e, Set<String> bound, Set<String> context) {
        return switch (e) {
            case Expr.TermExpr t -> new Expr.TermExpr(term(t.term(), bound, context), t.negated(), withs(e, bound, context), t.location());
            case Expr.CallExpr c -> new Expr.CallExpr(c.operator(),
                    c.args().stream().map(a -> term(a, bound, context)).toList(), c.negated(), withs(e, bound, context), c.location());
            case Expr.SomeIn s -> new Expr.SomeIn(s.key(), s.value(), term(s.collection(), bound, context), s.negated(),
                    withs(e, bound, context), s.location());
            case Expr.Every ev -> {
                Set<String> inner = new HashSet<>(bound);
                if (ev.key() != null) {
                    inner.addAll(TermMapper.vars(ev.key()));
                }
                inner.addAll(TermMapper.vars(ev.value()));
                Set<String> scope = new HashSet<>(context);
                scope.addAll(inner);
                Body b = order(ev.body(), inner, scope);
                yield new Expr.Every(ev.key(), ev.value(), term(ev.domain(), bound, context), b, ev.negated(),
                        withs(e, bound, context), ev.location());
            }
            case Expr.SomeDecl s -> s;
            case Expr.Logic l -> new Expr.Logic(l.op(), l.operands().stream()
                    .map(op -> order(op, new HashSet<>(bound), context)).toList(), l.negated(), withs(e, bound, context),
                    l.location());
        };
    }

    private List<With> withs(Expr e, Set<String> bound, Set<String> context) {
        return e.withs().stream().map(w -> new With(w.target(), term(w.value(), bound, context), w.location())).toList();
    }

    private Term term(Term t, Set<String> bound, Set<String> context) {
        return switch (t) {
            case Term.ArrayComprehension c -> {
                Set<String> inner = new HashSet<>(bound);
                Body b = order(c.body(), inner, context);
                headSafety(c.head(), inner, c.location());
                yield new Term.ArrayComprehension(term(c.head(), inner, context), b, c.location());
            }
            case Term.SetComprehension c -> {
                Set<String> inner = new HashSet<>(bound);
                Body b = order(c.body(), inner, context);
                headSafety(c.head(), inner, c.location());
                yield new Term.SetComprehension(term(c.head(), inner, context), b, c.location());
            }
            case Term.ObjectComprehension c -> {
                Set<String> inner = new HashSet<>(bound);
                Body b = order(c.body(), inner, context);
                headSafety(c.key(), inner, c.location());
                headSafety(c.value(), inner, c.location());
                yield new Term.ObjectComprehension(term(c.key(), inner, context), term(c.value(), inner, context), b, c.location());
            }
            case Term.Ref r -> new Term.Ref(term(r.head(), bound, context),
                    r.operands().stream().map(o -> term(o, bound, context)).toList(), r.location());
            case Term.ArrayTerm a -> new Term.ArrayTerm(a.elements().stream().map(x -> term(x, bound, context)).toList(), a.location());
            case Term.SetTerm s -> new Term.SetTerm(s.elements().stream().map(x -> term(x, bound, context)).toList(), s.location());
            case Term.ObjectTerm o -> new Term.ObjectTerm(o.entries().stream()
                    .map(x -> new Term.Entry(term(x.key(), bound, context), term(x.value(), bound, context))).toList(), o.location());
            case Term.Call c -> new Term.Call(c.operator(), c.args().stream().map(x -> term(x, bound, context)).toList(), c.location());
            case Term.Template tpl -> new Term.Template(tpl.parts().stream().map(x -> term(x, bound, context)).toList(),
                    tpl.raw(), tpl.withs(), tpl.location());
            default -> t;
        };
    }

    /** Reports head variables (of a rule or comprehension) that the body does not bind. */
    void headSafety(Term head, Set<String> bound, Location l) {
        for (String v : inputs(head, bound)) {
            if (!bound.contains(v)) {
                unsafe(v, l);
            }
        }
    }
}
