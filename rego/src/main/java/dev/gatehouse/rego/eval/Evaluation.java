package dev.gatehouse.rego.eval;

import dev.gatehouse.rego.RegoError;
import dev.gatehouse.rego.RegoException;
import dev.gatehouse.rego.ast.Body;
import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Location;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.builtins.Builtins;
import dev.gatehouse.rego.compiler.CallSite;
import dev.gatehouse.rego.compiler.CompiledPolicy;
import dev.gatehouse.rego.compiler.InvariantValues;
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
 * Not thread-safe: one query at a time, on one thread; {@link QueryEvaluator} keeps a finished one per thread for
 * the thread's next query ({@link #release}, {@link #reset}).
 */
final class Evaluation {
    // Set anew by reset() when a thread's evaluation serves its next query.
    CompiledPolicy policy;
    Builtins builtins;
    /** Started anew for each query this evaluation serves (see {@link QueryContext#start}). */
    final QueryContext ctx;
    final RuleEvaluator rules;
    final Calls calls;
    /** Made on the first {@code with}: most evaluations have none. */
    private Withs withs;
    final Unifier unifier;
    Env env;
    private int steps;

    /**
     * The root document names. Variable names are interned ({@link Term.Var}), as are these literals, so a name is
     * one of them exactly when it is the same string: the evaluator asks on every variable it meets, before searching
     * the bindings, because neither is ever bound (the compiler rejects declaring them, and unification treats them
     * as the documents they name).
     */
    static final String INPUT = "input";
    static final String DATA = "data";

    Evaluation(CompiledPolicy policy, QueryContext ctx, Env env) {
        this.policy = policy;
        this.builtins = policy.builtins();
        this.ctx = ctx;
        this.env = env;
        this.rules = new RuleEvaluator(this);
        this.calls = new Calls(this);
        this.unifier = new Unifier(this);
    }

    /**
     * Readies a released evaluation for another query, keeping what it allocated to evaluate (its rule runs,
     * bindings, stacks and context, which the caller starts anew): a Gatekeeper review runs one short query per
     * constraint, and setting those up again for each was a quarter of a review's allocation.
     */
    void reset(CompiledPolicy policy, Env env) {
        this.policy = policy;
        this.builtins = policy.builtins();
        this.env = env;
        this.steps = 0;
    }

    /** Drops everything of the finished query, so that keeping this for the next one keeps none of its values. */
    void release() {
        policy = null;
        builtins = null;
        ctx.release();
        env = null;
        directDataOut = null;
        calls.forget();
        rules.forget();
    }

    /** Runs the query body and returns one binding map per solution. */
    List<Map<String, Value>> run(Body query, List<String> outputVars) {
        List<Map<String, Value>> out = new ArrayList<>();
        Bindings b = new Bindings();
        query(query, b, () -> {
            Map<String, Value> row = new HashMap<>();
            for (String v : outputVars) {
                Value val = b.getByEquality(v); // output names need not come from this query's terms
                if (val != null) {
                    row.put(v, val);
                }
            }
            out.add(row);
            return true;
        });
        return out;
    }

    /** Runs the query body up to its first solution and returns the value of {@code var} there, or null. */
    Value firstSolution(Body query, String var) {
        Bindings b = new Bindings();
        Value[] out = {null};
        query(query, b, () -> {
            out[0] = b.getByEquality(var);
            return false;
        });
        return out[0];
    }

    private void query(Body query, Bindings b, Cont k) {
        try {
            body(query.exprs(), 0, b, k);
        } catch (StackOverflowError e) {
            throw new RegoException(RegoError.of(RegoError.Code.EVAL_INTERNAL,
                    "evaluation exceeded the maximum depth", "", 0, 0));
        }
    }

    static RegoException error(RegoError.Code code, String message, Location loc) {
        Location l = loc == null ? Location.NONE : loc;
        return new RegoException(RegoError.of(code, message, l.file(), l.row(), l.col()));
    }

    private static final StringValue PARAMETERS = StringValue.of("parameters");

    /**
     * Whether values kept across evaluations, by parameters ({@link InvariantValues}) or for other policies
     * ({@link SharedDocuments}), may be used and stored here: not when a {@code with} replaces documents or functions
     * they may have read, nor with strict builtin errors, under which an error kept as an undefined value would go
     * unreported.
     */
    boolean keepsInvariants() {
        return !env.hasOverrides && !env.hasMocks && !ctx.strictBuiltinErrors();
    }

    /** The key of values kept by parameters: {@code input.parameters}, or null when undefined. */
    Value parameters() {
        return env.input instanceof ObjectValue o ? o.get(PARAMETERS) : null;
    }

    private Withs withs() {
        Withs w = withs;
        if (w == null) {
            w = withs = new Withs(this);
        }
        return w;
    }

    void step() {
        if ((++steps & 255) == 0) {
            ctx.checkCancelled();
        }
    }

    // ------------------------------------------------------------------ bodies and expressions

    boolean body(List<Expr> exprs, int i, Bindings b, Cont k) {
        // Expressions with at most one solution (most of them: tests, builtin calls, assignments from
        // single-valued terms) run in this loop without a continuation; the first one that may enumerate hands the
        // rest of the body on as one. Their bindings are undone when the body returns, as unification would.
        int n = exprs.size();
        int mark = b.mark();
        int at = i;
        while (at < n) {
            int r = directExpr(exprs.get(at), b);
            if (r == FAILED) {
                b.undoTo(mark);
                return true;
            }
            if (r == NOT_HANDLED) {
                break;
            }
            at++;
        }
        boolean go;
        if (at == n) {
            go = k.run();
        } else {
            int each = eachInPlace(exprs, at, b, k);
            if (each != NOT_HANDLED) {
                go = each == DONE;
            } else if (at == n - 1) {
                go = expr(exprs.get(at), b, k); // the last expression continues straight into k
            } else {
                int next = at + 1;
                go = expr(exprs.get(at), b, () -> body(exprs, next, b, k));
            }
        }
        b.undoTo(mark);
        return go;
    }

    /**
     * The loop statement of nearly every policy, {@code x := xs[_]} (or {@code x = xs[i]}, {@code xs[i] = x}), run
     * here: the collection once, then for each member the rest of the body, as unification would, with the same
     * bindings in the same order, but without a chain of continuations per member. DONE or FAILED for the body's
     * answer (go on, or stop), NOT_HANDLED before anything is evaluated when the statement has another shape: then
     * the general way runs it.
     */
    private int eachInPlace(List<Expr> exprs, int at, Bindings b, Cont k) {
        if (!(exprs.get(at) instanceof Expr.CallExpr c) || c.negated() || !c.withs().isEmpty()
                || c.args().size() != 2) {
            return NOT_HANDLED;
        }
        Term left = c.args().get(0);
        Term right = c.args().get(1);
        Term.Var target;
        Term.Ref ref;
        if (left instanceof Term.Var v && right instanceof Term.Ref r) {
            target = v;
            ref = r;
        } else if (left instanceof Term.Ref r && right instanceof Term.Var v) {
            target = v;
            ref = r;
        } else {
            return NOT_HANDLED;
        }
        List<Term> ops = ref.operands();
        int last = ops.size() - 1;
        if (last < 0 || !(ops.get(last) instanceof Term.Var key) || key.name() == target.name()
                || !Unifier.isUnbound(key, b) || !Unifier.isUnbound(target, b)) {
            return NOT_HANDLED;
        }
        CallSite site = policy.callSite(c.operator());
        if (site == null || site.kind() != CallSite.Kind.UNIFY) {
            return NOT_HANDLED;
        }
        Value coll = collection(ref, last, b);
        if (coll == NOT_DIRECT) {
            return NOT_HANDLED;
        }
        step(); // as expr() counts the statement
        if (coll == null) {
            return DONE; // undefined: no member, the body has no solution here
        }
        String keyName = key.name();
        String targetName = target.name();
        int mark = b.mark();
        switch (coll) {
            case ArrayValue a -> {
                for (int j = 0; j < a.size(); j++) {
                    if (!member(exprs, at, b, k, keyName, NumberValue.of(j), targetName, a.get(j), mark)) {
                        return FAILED;
                    }
                }
            }
            case ObjectValue o -> {
                for (int j = 0; j < o.size(); j++) {
                    if (!member(exprs, at, b, k, keyName, o.keyAt(j), targetName, o.valueAt(j), mark)) {
                        return FAILED;
                    }
                }
            }
            case SetValue set -> {
                for (Value e : set) {
                    if (!member(exprs, at, b, k, keyName, e, targetName, e, mark)) {
                        return FAILED;
                    }
                }
            }
            default -> { }
        }
        return DONE;
    }

    /** One member of {@link #eachInPlace}: its key and value bound, the rest of the body, the bindings undone. */
    private boolean member(List<Expr> exprs, int at, Bindings b, Cont k, String keyName, Value key,
                           String targetName, Value value, int mark) {
        step();
        b.bind(keyName, key);
        b.bind(targetName, value);
        boolean go = body(exprs, at + 1, b, k);
        b.undoTo(mark);
        return go;
    }

    /**
     * The value a reference walks before its operand {@code last}, when {@link #directRef} (or, for {@code data},
     * the rule document it names) gives it: null when undefined, NOT_DIRECT otherwise.
     */
    private Value collection(Term.Ref ref, int last, Bindings b) {
        if (!(ref.head() instanceof Term.Var head)) {
            return NOT_DIRECT;
        }
        Value cur;
        if (head.name() == DATA) {
            return rules.documentBefore(ref, last);
        }
        if (head.name() == INPUT) {
            cur = env.input;
            if (cur == null) {
                return null;
            }
        } else {
            cur = b.get(head.name());
            if (cur == null) {
                return NOT_DIRECT;
            }
        }
        return directWalk(cur, ref.operands(), last, b);
    }

    /** Outcomes of {@link #directExpr}. */
    static final int DONE = 0;
    static final int FAILED = 1;
    static final int NOT_HANDLED = 2;

    /**
     * Evaluates an expression that has at most one solution without a continuation: DONE (its bindings made),
     * FAILED (no solution, no bindings left), or NOT_HANDLED before any binding, when it may have several solutions
     * or needs {@code with}; the caller then evaluates it the general way (which may redo pure work).
     */
    int directExpr(Expr e, Bindings b) {
        if (!e.withs().isEmpty()) {
            return NOT_HANDLED;
        }
        if (e.negated()) {
            int mark = b.mark();
            int r = directPositive(e, b);
            b.undoTo(mark);
            if (r == NOT_HANDLED) {
                return NOT_HANDLED;
            }
            step();
            return r == DONE ? FAILED : DONE;
        }
        int r = directPositive(e, b);
        if (r != NOT_HANDLED) {
            step();
        }
        return r;
    }

    private int directPositive(Expr e, Bindings b) {
        return switch (e) {
            case Expr.TermExpr t -> {
                Value v = direct(t.term(), b);
                yield v == NOT_DIRECT ? NOT_HANDLED : v == null || isFalse(v) ? FAILED : DONE;
            }
            case Expr.CallExpr c -> calls.directExpr(c, b);
            case Expr.SomeDecl s -> DONE;
            default -> NOT_HANDLED;
        };
    }

    /** {@link #directExpr} outcome of binding or comparing a variable or scalar with a value. */
    int directBind(Term pat, Value v, Bindings b) {
        if (pat instanceof Term.Scalar s) {
            return s.value().equals(v) ? DONE : FAILED;
        }
        Term.Var var = (Term.Var) pat;
        Value cur = b.get(var.name());
        if (cur != null) {
            return cur.equals(v) ? DONE : FAILED;
        }
        b.bind(var.name(), v);
        return DONE;
    }

    /** Whether {@link #directBind} handles a pattern (checked before evaluating anything). */
    static boolean isDirectPattern(Term t) {
        return t instanceof Term.Scalar
                || (t instanceof Term.Var v && v.name() != INPUT && v.name() != DATA);
    }

    /** {@link #directExpr} for unification ({@code =}, {@code :=}), mirroring {@link Unifier#unify}. */
    int directUnify(Term a, Term c, Bindings b) {
        boolean pa = unifier.isPattern(a, b);
        boolean pc = unifier.isPattern(c, b);
        if (pa && pc) {
            return NOT_HANDLED;
        }
        if (pa || pc) {
            Term pat = pa ? a : c;
            if (!(pat instanceof Term.Var)) {
                return NOT_HANDLED; // destructuring
            }
            Value v = direct(pa ? c : a, b);
            if (v == NOT_DIRECT) {
                return NOT_HANDLED;
            }
            if (v == null) {
                return FAILED;
            }
            b.bind(((Term.Var) pat).name(), v);
            return DONE;
        }
        if (c instanceof Term.ArrayTerm || c instanceof Term.ObjectTerm) {
            return NOT_HANDLED; // compared element by element
        }
        Value va = direct(a, b);
        if (va == NOT_DIRECT) {
            return NOT_HANDLED;
        }
        if (va == null) {
            return FAILED;
        }
        Value vc = direct(c, b);
        if (vc == NOT_DIRECT) {
            return NOT_HANDLED;
        }
        return vc != null && va.equals(vc) ? DONE : FAILED;
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
            return withs().eval(e, b, k);
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
        // The common terms first, in a method small enough for the JIT to inline.
        if (t instanceof Term.Scalar s) {
            return k.accept(s.value());
        }
        if (t instanceof Term.Var v) {
            return var(v, b, k);
        }
        if (t instanceof Term.Ref r) {
            return ref(r, b, k);
        }
        return termOther(t, b, k);
    }

    private boolean termOther(Term t, Bindings b, ValueCont k) {
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
            case Term.ArrayComprehension c -> k.accept(comprehension(c, b));
            case Term.SetComprehension c -> k.accept(comprehension(c, b));
            case Term.ObjectComprehension c -> k.accept(comprehension(c, b));
            case Term.Call c -> calls.callTerm(c, b, k);
            case Term.Template tpl -> template(tpl, b, k);
        };
    }

    private boolean var(Term.Var v, Bindings b, ValueCont k) {
        String name = v.name();
        if (name == INPUT) { // never bound (see INPUT): no bindings to search
            return env.input == null || k.accept(env.input);
        }
        if (name == DATA) {
            return rules.data(List.of(), 0, b, k);
        }
        Value val = b.get(name);
        if (val != null) {
            return k.accept(val);
        }
        throw error(RegoError.Code.EVAL_INTERNAL, "var " + name + " is unbound", v.location());
    }

    /** The value of a comprehension (it has exactly one), built without a continuation to hand it on. */
    private Value comprehension(Term t, Bindings b) {
        InvariantValues kept = policy.invariantComprehension(t);
        if (kept != null && keepsInvariants()) {
            Value parameters = parameters();
            Value v = kept.get(parameters);
            if (v == null) {
                v = build(t, b);
                kept.put(parameters, v);
            }
            return v;
        }
        return build(t, b);
    }

    private Value build(Term t, Bindings b) {
        switch (t) {
            case Term.ArrayComprehension c -> {
                List<Value> out = new ArrayList<>();
                body(c.body().exprs(), 0, b, () -> collect(c.head(), b, out::add));
                return ArrayValue.of(out);
            }
            case Term.SetComprehension c -> {
                SetValue.Builder out = SetValue.builder();
                body(c.body().exprs(), 0, b, () -> collect(c.head(), b, out::add));
                return out.build();
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
                return out.build();
            }
            default -> throw new IllegalArgumentException("not a comprehension: " + t);
        }
    }

    /** Passes each value of a comprehension head on (a head with one value, the usual case, without a continuation). */
    private boolean collect(Term head, Bindings b, java.util.function.Consumer<Value> out) {
        Value v = direct(head, b);
        if (v != NOT_DIRECT) {
            if (v != null) {
                out.accept(v);
            }
            return true;
        }
        return term(head, b, val -> {
            out.accept(val);
            return true;
        });
    }

    interface ValuesCont {
        boolean accept(Value[] vals);
    }

    /** Evaluates terms left to right, passing each combination (a fresh array each time) on. */
    boolean terms(List<Term> ts, int i, Value[] acc, Bindings b, ValuesCont k) {
        // Terms with at most one value (constants, bound variables, most refs and calls) are taken without a
        // continuation per term, which also keeps a long literal from nesting one frame chain per element.
        int n = ts.size();
        int at = i;
        while (at < n) {
            Value v = direct(ts.get(at), b);
            if (v == null) {
                return true; // undefined: no combination
            }
            if (v == NOT_DIRECT) {
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
        Env modified = withs().envFor(mods, b, saved);
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

    /** Returned by {@link #direct} for a term it does not evaluate; compared by identity, never a real value. */
    static final Value NOT_DIRECT = new StringValue("\u0000not direct\u0000");

    /**
     * The value of a term that has at most one (no variable to enumerate, no generator builtin), computed without
     * continuations: the value, null when undefined, or {@link #NOT_DIRECT} when the term may have several values
     * or is not handled here; the caller then uses {@link #term}, which yields the same values (pure work done
     * here before giving up may be redone there).
     */
    Value direct(Term t, Bindings b) {
        // Constants and variables, the most common terms, in a method small enough for the JIT to inline.
        if (t instanceof Term.Scalar s) {
            return s.value();
        }
        if (t instanceof Term.Var v) {
            if (v.name() == INPUT) {
                return env.input;
            }
            Value val = b.get(v.name());
            return val != null ? val : NOT_DIRECT;
        }
        return directOther(t, b);
    }

    private Value directOther(Term t, Bindings b) {
        switch (t) {
            case Term.Ref r -> {
                return directRef(r, b);
            }
            case Term.Call c -> {
                return calls.directTerm(c, b);
            }
            case Term.ArrayTerm a -> {
                Value c = Literals.constant(a);
                if (c != null) {
                    return c;
                }
                Value[] vals = directAll(a.elements(), b);
                return vals == null ? null : vals == NOT_DIRECT_VALUES ? NOT_DIRECT : ArrayValue.of(vals);
            }
            case Term.SetTerm st -> {
                Value c = Literals.constant(st);
                if (c != null) {
                    return c;
                }
                Value[] vals = directAll(st.elements(), b);
                return vals == null ? null : vals == NOT_DIRECT_VALUES ? NOT_DIRECT : SetValue.of(vals);
            }
            case Term.ObjectTerm o -> {
                Value c = Literals.constant(o);
                if (c != null) {
                    return c;
                }
                ObjectValue.Builder ob = ObjectValue.builder();
                List<Term.Entry> es = o.entries();
                for (int i = 0, n = es.size(); i < n; i++) {
                    Term.Entry e = es.get(i);
                    Value key = direct(e.key(), b);
                    if (key == null || key == NOT_DIRECT) {
                        return key;
                    }
                    Value val = direct(e.value(), b);
                    if (val == null || val == NOT_DIRECT) {
                        return val;
                    }
                    ob.put(key, val);
                }
                return ob.build();
            }
            case Term.ArrayComprehension c -> {
                return comprehension(c, b);
            }
            case Term.SetComprehension c -> {
                return comprehension(c, b);
            }
            case Term.ObjectComprehension c -> {
                return comprehension(c, b);
            }
            default -> {
                // Templates have exactly one value.
                return first(t, b);
            }
        }
    }

    private static final Value[] NOT_DIRECT_VALUES = {};

    /** {@link #direct} of each term, left to right: null when one is undefined, NOT_DIRECT_VALUES when not handled. */
    private Value[] directAll(List<Term> ts, Bindings b) {
        Value[] vals = new Value[ts.size()];
        for (int i = 0; i < vals.length; i++) {
            Value v = direct(ts.get(i), b);
            if (v == null) {
                return null;
            }
            if (v == NOT_DIRECT) {
                return NOT_DIRECT_VALUES;
            }
            vals[i] = v;
        }
        return vals;
    }

    /** {@link #direct} of a reference: {@link #ref} with no operand to enumerate. */
    private Value directRef(Term.Ref r, Bindings b) {
        Term head = r.head();
        List<Term> ops = r.operands();
        Value cur;
        if (head instanceof Term.Var v) {
            // A variable head costs nothing to look up, and directData checks its own operands: an unbound
            // operand is found in the walk below, where every operand is looked up once.
            String name = v.name();
            if (name == INPUT) {
                cur = env.input;
                if (cur == null) {
                    return null;
                }
            } else if (name == DATA) {
                return directData(r, b);
            } else {
                cur = b.get(name);
                if (cur == null) {
                    return NOT_DIRECT;
                }
            }
        } else {
            // An unbound variable operand enumerates: give up before evaluating the head rather than after.
            for (int i = 0, n = ops.size(); i < n; i++) {
                if (ops.get(i) instanceof Term.Var var && b.get(var.name()) == null) {
                    return NOT_DIRECT;
                }
            }
            cur = direct(head, b);
            if (cur == null || cur == NOT_DIRECT) {
                return cur;
            }
        }
        return directWalk(cur, ops, ops.size(), b);
    }

    /**
     * The value reached from {@code cur} through operands {@code 0..end-1} that have one value each: null when
     * undefined, NOT_DIRECT at an operand that enumerates or is not handled here.
     */
    private Value directWalk(Value cur, List<Term> ops, int end, Bindings b) {
        for (int i = 0; i < end; i++) {
            Term op = ops.get(i);
            Value key;
            if (op instanceof Term.Scalar s) {
                key = s.value();
            } else if (op instanceof Term.Var var) {
                key = b.get(var.name()); // one lookup: a bound variable is the common case
                if (key == null) {
                    return NOT_DIRECT; // unbound (enumerates), or input/data as a key (rare)
                }
            } else {
                if (unifier.isPattern(op, b)) {
                    return NOT_DIRECT;
                }
                key = direct(op, b);
                if (key == null || key == NOT_DIRECT) {
                    return key;
                }
            }
            cur = lookup(cur, key);
            if (cur == null) {
                return null;
            }
        }
        return cur;
    }

    /**
     * {@link #direct} of a {@code data} reference whose operands are constants or bound variables: such a path
     * names at most one document (virtual or base), which the general walk finds.
     */
    private Value directData(Term.Ref r, Bindings b) {
        List<Term> ops = r.operands();
        for (int i = 0, n = ops.size(); i < n; i++) { // indexed: no iterator on this hot path
            Term op = ops.get(i);
            if (!(op instanceof Term.Scalar || (op instanceof Term.Var v && b.get(v.name()) != null))) {
                return NOT_DIRECT;
            }
        }
        // One sink per evaluation instead of a result cell and a lambda per reference. Computing the document may
        // run other rules' directData first (nested), and the sink fires only after that, so each call reads its
        // own value and then clears it: an outer call whose path turns out undefined must not read a nested one's.
        directDataOut = null;
        rules.data(r, b, directDataSink);
        Value v = directDataOut;
        directDataOut = null;
        return v;
    }

    /** The value {@link #directDataSink} received (see {@link #directData}). */
    private Value directDataOut;
    private final ValueCont directDataSink = v -> {
        directDataOut = v;
        return false;
    };

    // ------------------------------------------------------------------ references

    boolean ref(Term.Ref r, Bindings b, ValueCont k) {
        Term head = r.head();
        if (head instanceof Term.Var v) {
            if (v.name() == INPUT) {
                return env.input == null || walk(env.input, r.operands(), 0, b, k);
            }
            if (v.name() == DATA) {
                return rules.data(r, b, k);
            }
            Value hv = b.get(v.name());
            if (hv != null) {
                return walk(hv, r.operands(), 0, b, k); // as term(head) would, without a continuation
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
        if (op instanceof Term.Var v && Unifier.isUnbound(v, b)) {
            return walkEach(cur, v.name(), ops, i, b, k);
        }
        if (unifier.isPattern(op, b)) {
            return iterate(cur, (key, child) -> unifier.unifyValue(op, key, b, () -> walk(child, ops, i + 1, b, k)));
        }
        Value key = op instanceof Term.Scalar s ? s.value() : direct(op, b);
        if (key != NOT_DIRECT) {
            Value child = key == null ? null : lookup(cur, key);
            return child == null || walk(child, ops, i + 1, b, k);
        }
        return term(op, b, kv -> {
            Value child = lookup(cur, kv);
            return child == null || walk(child, ops, i + 1, b, k);
        });
    }

    /**
     * {@link #walk} at an operand that is an unbound variable ({@code xs[_]}, {@code xs[i]}): binds it to each key
     * in turn, in a loop rather than through {@link #iterate} and unification.
     */
    private boolean walkEach(Value cur, String var, List<Term> ops, int i, Bindings b, ValueCont k) {
        int mark = b.mark();
        switch (cur) {
            case ArrayValue a -> {
                for (int j = 0; j < a.size(); j++) {
                    step();
                    b.bind(var, NumberValue.of(j));
                    boolean go = walk(a.get(j), ops, i + 1, b, k);
                    b.undoTo(mark);
                    if (!go) {
                        return false;
                    }
                }
            }
            case ObjectValue o -> {
                for (int j = 0; j < o.size(); j++) {
                    step();
                    b.bind(var, o.keyAt(j));
                    boolean go = walk(o.valueAt(j), ops, i + 1, b, k);
                    b.undoTo(mark);
                    if (!go) {
                        return false;
                    }
                }
            }
            case SetValue s -> {
                for (Value e : s) {
                    step();
                    b.bind(var, e);
                    boolean go = walk(e, ops, i + 1, b, k);
                    b.undoTo(mark);
                    if (!go) {
                        return false;
                    }
                }
            }
            default -> { }
        }
        return true;
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
