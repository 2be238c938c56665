package dev.gatehouse.rego.eval;

import dev.gatehouse.rego.RegoError;
import dev.gatehouse.rego.RegoException;
import dev.gatehouse.rego.ast.Body;
import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Location;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.builtins.Builtins;
import dev.gatehouse.rego.compiler.CompiledPolicy;
import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One evaluation of a compiled query: top-down, backtracking over variable bindings, each step handing its
 * results to a continuation (no intermediate result lists). Bodies, expressions, terms, references,
 * negation and comprehensions live here; unification in {@link Unifier}, rules in {@link RuleEvaluator}, calls in
 * {@link Calls}, {@code with} in {@link Withs}.
 * Not thread-safe: one instance per query evaluation.
 */
final class Evaluation {
    final CompiledPolicy policy;
    final Builtins builtins;
    final QueryContext ctx;
    final RuleEvaluator rules;
    final Calls calls;
    final Withs withs;
    final Unifier unifier;
    Env env;
    private int steps;

    Evaluation(CompiledPolicy policy, QueryContext ctx, Env env) {
        this.policy = policy;
        this.builtins = policy.builtins();
        this.ctx = ctx;
        this.env = env;
        this.rules = new RuleEvaluator(this);
        this.calls = new Calls(this);
        this.withs = new Withs(this);
        this.unifier = new Unifier(this);
    }

    /** Runs the query body and returns one binding map per solution. */
    List<Map<String, Value>> run(Body query, List<String> outputVars) {
        List<Map<String, Value>> out = new ArrayList<>();
        Bindings b = new Bindings();
        try {
            body(query.exprs(), 0, b, () -> {
                Map<String, Value> row = new HashMap<>();
                for (String v : outputVars) {
                    Value val = b.get(v);
                    if (val != null) {
                        row.put(v, val);
                    }
                }
                out.add(row);
                return true;
            });
        } catch (StackOverflowError e) {
            throw new RegoException(RegoError.of(RegoError.Code.EVAL_INTERNAL,
                    "evaluation exceeded the maximum depth", "", 0, 0));
        }
        return out;
    }

    static RegoException error(RegoError.Code code, String message, Location loc) {
        Location l = loc == null ? Location.NONE : loc;
        return new RegoException(RegoError.of(code, message, l.file(), l.row(), l.col()));
    }

    void step() {
        if ((++steps & 255) == 0) {
            ctx.checkCancelled();
        }
    }

    // ------------------------------------------------------------------ bodies and expressions

    boolean body(List<Expr> exprs, int i, Bindings b, Cont k) {
        int n = exprs.size();
        if (i == n) {
            return k.run();
        }
        if (i == n - 1) {
            return expr(exprs.get(i), b, k); // the last expression continues straight into k
        }
        return expr(exprs.get(i), b, () -> body(exprs, i + 1, b, k));
    }

    /** Whether the body has at least one solution (bindings are left as they were). */
    boolean exists(List<Expr> exprs, Bindings b) {
        boolean[] found = {false};
        body(exprs, 0, b, () -> {
            found[0] = true;
            return false;
        });
        return found[0];
    }

    boolean expr(Expr e, Bindings b, Cont k) {
        step();
        if (!e.withs().isEmpty()) {
            return withs.eval(e, b, k);
        }
        return exprNoWith(e, b, k);
    }

    boolean exprNoWith(Expr e, Bindings b, Cont k) {
        if (e.negated()) {
            boolean[] found = {false};
            int mark = b.mark();
            exprInner(e, b, () -> {
                found[0] = true;
                return false;
            });
            b.undoTo(mark);
            return found[0] || k.run();
        }
        return exprInner(e, b, k);
    }

    private boolean exprInner(Expr e, Bindings b, Cont k) {
        return switch (e) {
            case Expr.TermExpr t -> term(t.term(), b, v -> isFalse(v) || k.run());
            case Expr.CallExpr c -> calls.callExpr(c, b, k);
            case Expr.SomeDecl s -> k.run();
            case Expr.SomeIn s -> term(s.collection(), b, coll -> iterate(coll, (key, val) ->
                    s.key() == null
                            ? unifier.unifyValue(s.value(), val, b, k)
                            : unifier.unifyValue(s.key(), key, b, () -> unifier.unifyValue(s.value(), val, b, k))));
            case Expr.Every ev -> every(ev, b, k);
            case Expr.Logic l -> !logic(l, b) || k.run();
        };
    }

    /** Whether a logic expression holds; operands are scopes of their own, so no bindings escape. */
    private boolean logic(Expr.Logic l, Bindings b) {
        return switch (l.op()) {
            case AND -> l.operands().stream().allMatch(op -> exists(op.exprs(), b));
            case OR -> l.operands().stream().anyMatch(op -> exists(op.exprs(), b));
            case BODY -> exists(l.operands().get(0).exprs(), b);
        };
    }

    private boolean every(Expr.Every ev, Bindings b, Cont k) {
        return term(ev.domain(), b, dom -> {
            if (!(dom instanceof ArrayValue || dom instanceof ObjectValue || dom instanceof SetValue)) {
                return true;
            }
            boolean[] all = {true};
            iterate(dom, (key, val) -> {
                boolean[] ok = {false};
                Cont bodyCheck = () -> {
                    ok[0] = exists(ev.body().exprs(), b);
                    return false;
                };
                if (ev.key() == null) {
                    unifier.unifyValue(ev.value(), val, b, bodyCheck);
                } else {
                    unifier.unifyValue(ev.key(), key, b, () -> unifier.unifyValue(ev.value(), val, b, bodyCheck));
                }
                if (!ok[0]) {
                    all[0] = false;
                    return false;
                }
                return true;
            });
            return !all[0] || k.run();
        });
    }

    static boolean isFalse(Value v) {
        return v instanceof BooleanValue bv && !bv.value();
    }

    // ------------------------------------------------------------------ terms

    boolean term(Term t, Bindings b, ValueCont k) {
        return switch (t) {
            case Term.Scalar s -> k.accept(s.value());
            case Term.Var v -> var(v, b, k);
            case Term.Ref r -> ref(r, b, k);
            case Term.ArrayTerm a -> {
                Value c = Literals.constant(a);
                yield c != null ? k.accept(c) : terms(a.elements(), 0, new Value[a.elements().size()], b,
                        vals -> k.accept(ArrayValue.of(vals)));
            }
            case Term.SetTerm s -> {
                Value c = Literals.constant(s);
                yield c != null ? k.accept(c) : terms(s.elements(), 0, new Value[s.elements().size()], b,
                        vals -> k.accept(SetValue.of(vals)));
            }
            case Term.ObjectTerm o -> {
                Value c = Literals.constant(o);
                yield c != null ? k.accept(c) : object(o, b, k);
            }
            case Term.ArrayComprehension c -> {
                List<Value> out = new ArrayList<>();
                body(c.body().exprs(), 0, b, () -> term(c.head(), b, v -> {
                    out.add(v);
                    return true;
                }));
                yield k.accept(ArrayValue.of(out));
            }
            case Term.SetComprehension c -> {
                SetValue.Builder out = SetValue.builder();
                body(c.body().exprs(), 0, b, () -> term(c.head(), b, v -> {
                    out.add(v);
                    return true;
                }));
                yield k.accept(out.build());
            }
            case Term.ObjectComprehension c -> {
                ObjectValue.Builder out = ObjectValue.builder();
                body(c.body().exprs(), 0, b, () -> term(c.key(), b, key -> term(c.value(), b, val -> {
                    Value prev = out.get(key);
                    if (prev != null && !prev.equals(val)) {
                        throw error(RegoError.Code.EVAL_CONFLICT, "object keys must be unique", c.location());
                    }
                    out.put(key, val);
                    return true;
                })));
                yield k.accept(out.build());
            }
            case Term.Call c -> calls.callTerm(c, b, k);
            case Term.Template tpl -> template(tpl, b, k);
        };
    }

    private boolean var(Term.Var v, Bindings b, ValueCont k) {
        String name = v.name();
        Value val = b.get(name);
        if (val != null) {
            return k.accept(val);
        }
        if (name.equals("input")) {
            return env.input == null || k.accept(env.input);
        }
        if (name.equals("data")) {
            return rules.data(List.of(), 0, b, k);
        }
        throw error(RegoError.Code.EVAL_INTERNAL, "var " + name + " is unbound", v.location());
    }

    interface ValuesCont {
        boolean accept(Value[] vals);
    }

    /** Evaluates terms left to right, passing each combination (a fresh array each time) on. */
    boolean terms(List<Term> ts, int i, Value[] acc, Bindings b, ValuesCont k) {
        // Constants (scalars and literal composites) and bound variables have exactly one value: take them without
        // a continuation per term, which also keeps a long literal from nesting one frame chain per element.
        int n = ts.size();
        int at = i;
        while (at < n) {
            Term t = ts.get(at);
            Value v = t instanceof Term.Scalar s ? s.value()
                    : t instanceof Term.Var var ? b.get(var.name())
                    : Literals.constant(t);
            if (v == null) {
                break;
            }
            acc[at++] = v;
        }
        if (at == n) {
            return k.accept(acc.clone());
        }
        int next = at;
        return term(ts.get(next), b, v -> {
            acc[next] = v;
            return terms(ts, next + 1, acc, b, k);
        });
    }

    private boolean object(Term.ObjectTerm o, Bindings b, ValueCont k) {
        List<Term> flat = new ArrayList<>(o.entries().size() * 2);
        for (Term.Entry e : o.entries()) {
            flat.add(e.key());
            flat.add(e.value());
        }
        return terms(flat, 0, new Value[flat.size()], b, vals -> {
            ObjectValue.Builder ob = ObjectValue.builder();
            for (int i = 0; i < vals.length; i += 2) {
                ob.put(vals[i], vals[i + 1]);
            }
            return k.accept(ob.build());
        });
    }

    private boolean template(Term.Template tpl, Bindings b, ValueCont k) {
        StringBuilder sb = new StringBuilder();
        for (Term part : tpl.parts()) {
            if (part instanceof Term.Scalar s && s.value() instanceof StringValue str) {
                sb.append(str.value());
            } else {
                Value v;
                if (part instanceof Term.Template t && t.raw() && !t.withs().isEmpty()) {
                    v = firstWith(t.parts().get(0), t.withs(), b);
                } else {
                    v = first(part instanceof Term.Template t && t.raw() ? t.parts().get(0) : part, b);
                }
                sb.append(v == null ? "<undefined>" : v instanceof StringValue str ? str.value() : v.toString());
            }
        }
        return k.accept(StringValue.of(sb.toString()));
    }

    /** The first value of a term evaluated under {@code with} modifiers, or null when undefined. */
    private Value firstWith(Term t, List<dev.gatehouse.rego.ast.With> mods, Bindings b) {
        Env saved = env;
        Env modified = withs.envFor(mods, b, saved);
        if (modified == null) {
            return null;
        }
        env = modified;
        try {
            return first(t, b);
        } finally {
            env = saved;
        }
    }

    /** The first value of a term, or null when undefined. */
    Value first(Term t, Bindings b) {
        Value[] out = {null};
        term(t, b, v -> {
            out[0] = v;
            return false;
        });
        return out[0];
    }

    // ------------------------------------------------------------------ references

    boolean ref(Term.Ref r, Bindings b, ValueCont k) {
        Term head = r.head();
        if (head instanceof Term.Var v && !b.isBound(v.name())) {
            if (v.name().equals("data")) {
                return rules.data(r.operands(), 0, b, k);
            }
            if (v.name().equals("input")) {
                return env.input == null || walk(env.input, r.operands(), 0, b, k);
            }
        }
        return term(head, b, hv -> walk(hv, r.operands(), 0, b, k));
    }

    /** Applies ref operands to a value, iterating over collections for unbound variables. */
    boolean walk(Value cur, List<Term> ops, int i, Bindings b, ValueCont k) {
        if (i == ops.size()) {
            return k.accept(cur);
        }
        Term op = ops.get(i);
        if (unifier.isPattern(op, b)) {
            return iterate(cur, (key, child) -> unifier.unifyValue(op, key, b, () -> walk(child, ops, i + 1, b, k)));
        }
        return term(op, b, key -> {
            Value child = lookup(cur, key);
            return child == null || walk(child, ops, i + 1, b, k);
        });
    }

    static Value lookup(Value cur, Value key) {
        return switch (cur) {
            case ObjectValue o -> o.get(key);
            case ArrayValue a -> {
                if (key instanceof NumberValue n && n.isLong() && n.longValue() >= 0 && n.longValue() < a.size()) {
                    yield a.get((int) n.longValue());
                }
                yield null;
            }
            case SetValue s -> s.contains(key) ? key : null;
            default -> null;
        };
    }

    interface EntryCont {
        boolean accept(Value key, Value value);
    }

    /** Calls {@code k} for each key/value of a collection (sets: element/element); stops when k returns false. */
    boolean iterate(Value coll, EntryCont k) {
        switch (coll) {
            case ArrayValue a -> {
                for (int i = 0; i < a.size(); i++) {
                    step();
                    if (!k.accept(NumberValue.of(i), a.get(i))) {
                        return false;
                    }
                }
            }
            case ObjectValue o -> {
                for (int i = 0; i < o.size(); i++) {
                    step();
                    if (!k.accept(o.keyAt(i), o.valueAt(i))) {
                        return false;
                    }
                }
            }
            case SetValue s -> {
                for (Value v : s) {
                    step();
                    if (!k.accept(v, v)) {
                        return false;
                    }
                }
            }
            default -> { }
        }
        return true;
    }
}
