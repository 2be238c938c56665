package dev.gatehouse.rego.eval;

import dev.gatehouse.rego.RegoError;
import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Location;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.builtins.Builtin;
import dev.gatehouse.rego.builtins.BuiltinException;
import dev.gatehouse.rego.builtins.Builtins;
import dev.gatehouse.rego.compiler.CallSite;
import dev.gatehouse.rego.compiler.CallTarget;
import dev.gatehouse.rego.compiler.InvariantValues;
import dev.gatehouse.rego.compiler.RuleTree;
import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.util.List;

/**
 * Calls of builtins and user functions: argument evaluation, dispatch (honouring {@code with} mocks), the boundary
 * that turns builtin exceptions into undefined results or (strict mode) errors, and the calls the evaluator owns
 * ({@code print}, {@code internal.member_2/3}).
 */
final class Calls {
    private final Evaluation ev;

    /** The last name resolved and what it denotes: a call looks its name up several times in a row. */
    private String lastName;
    private CallTarget lastTarget;

    Calls(Evaluation ev) {
        this.ev = ev;
    }

    /** Drops the last resolved name: the next query may run another policy, where it denotes something else. */
    void forget() {
        lastName = null;
        lastTarget = null;
    }

    private CallTarget target(String name) {
        if (name != lastName || lastTarget == null) {
            lastTarget = ev.policy.callTarget(name);
            lastName = name;
        }
        return lastTarget;
    }

    private CallSite site(Term.Ref operator) {
        return ev.policy.callSite(operator);
    }

    private String callName(Term.Ref operator) {
        CallSite site = site(operator);
        return site != null ? site.name() : ev.policy.callName(operator);
    }

    boolean callExpr(Expr.CallExpr c, Bindings b, Cont k) {
        String name = callName(c.operator());
        List<Term> args = c.args();
        if ("eq".equals(name) || "assign".equals(name)) {
            return ev.unifier.unify(args.get(0), args.get(1), b, k);
        }
        if ("print".equals(name) || "internal.print".equals(name)) {
            print(args, b);
            return k.run();
        }
        int arity = arity(name, args.size());
        if (args.size() == arity + 1) {
            List<Term> in = args.subList(0, arity);
            Term out = args.get(arity);
            return ev.terms(in, 0, new Value[arity], b,
                    vals -> invoke(name, vals, c.location(), result -> ev.unifier.unifyValue(out, result, b, k)));
        }
        return argsBoundLast(args, b,
                vals -> invoke(name, vals, c.location(), result -> Evaluation.isFalse(result) || k.run()));
    }

    /**
     * {@link Evaluation#directExpr} of a call statement: arguments with one value each, a function or a builtin
     * with one result, and a result that binds or compares a variable or constant. Otherwise (or under mocks)
     * NOT_HANDLED, decided before the call is made.
     */
    int directExpr(Expr.CallExpr c, Bindings b) {
        CallSite site = site(c.operator());
        if (site == null) {
            return Evaluation.NOT_HANDLED;
        }
        List<Term> args = c.args();
        CallSite.Kind kind = site.kind();
        if (kind == CallSite.Kind.UNIFY) {
            return ev.directUnify(args.get(0), args.get(1), b);
        }
        if (!isDirect(kind)) {
            return Evaluation.NOT_HANDLED;
        }
        int n = args.size();
        Term out = null;
        if (site.arity() >= 0 && n == site.arity() + 1) {
            out = args.get(--n);
            if (!Evaluation.isDirectPattern(out)) {
                return Evaluation.NOT_HANDLED;
            }
        }
        if (out == null && n == 2 && kind == CallSite.Kind.BUILTIN
                && (site.target().builtin() == EQUAL || site.target().builtin() == NOT_EQUAL)) {
            return equality(args, b, site.target().builtin() == EQUAL);
        }
        // Left to right as the general path; an unbound variable argument (which another argument's ref may bind)
        // or an enumerating one gives up there, and the general path starts over.
        Value[] vals = new Value[n];
        for (int i = 0; i < n; i++) {
            Value v = ev.direct(args.get(i), b);
            if (v == Evaluation.NOT_DIRECT) {
                return Evaluation.NOT_HANDLED;
            }
            if (v == null) {
                // The general path evaluates the arguments before this one in the same order (an unbound
                // variable among them would have stopped us), so it fails here too.
                return Evaluation.FAILED;
            }
            vals[i] = v;
        }
        Value result = invokeDirect(site, vals, c.location());
        if (result == null) {
            return Evaluation.FAILED;
        }
        if (out != null) {
            return ev.directBind(out, result, b);
        }
        return Evaluation.isFalse(result) ? Evaluation.FAILED : Evaluation.DONE;
    }

    /** The standard {@code ==} and {@code !=}: the commonest builtin statements (79 of 486 in a benchmark review). */
    private static final Builtin EQUAL = Builtins.standard().get("equal");
    private static final Builtin NOT_EQUAL = Builtins.standard().get("neq");

    /**
     * {@link #directExpr} of {@code a == b} or {@code a != b} with the standard builtins: what they answer
     * ({@code equals} of the two values), without an argument array or a call through the builtin table.
     */
    private int equality(List<Term> args, Bindings b, boolean equal) {
        Value x = ev.direct(args.get(0), b);
        if (x == Evaluation.NOT_DIRECT) {
            return Evaluation.NOT_HANDLED;
        }
        if (x == null) {
            return Evaluation.FAILED;
        }
        Value y = ev.direct(args.get(1), b);
        if (y == Evaluation.NOT_DIRECT) {
            return Evaluation.NOT_HANDLED;
        }
        if (y == null) {
            return Evaluation.FAILED;
        }
        return x.equals(y) == equal ? Evaluation.DONE : Evaluation.FAILED;
    }

    /** {@link Evaluation#direct} of a call term: as {@link #callTerm} when it has at most one value. */
    Value directTerm(Term.Call c, Bindings b) {
        CallSite site = site(c.operator());
        if (site == null || !isDirect(site.kind())) {
            return Evaluation.NOT_DIRECT;
        }
        InvariantValues kept = site.results();
        if (kept != null && ev.keepsInvariants()) {
            Value parameters = ev.parameters();
            Value v = kept.get(parameters);
            if (v == null) {
                v = directCall(c, site, b);
                if (v == Evaluation.NOT_DIRECT) {
                    return v;
                }
                kept.put(parameters, v == null ? Env.UNDEFINED : v);
            }
            return v == Env.UNDEFINED ? null : v;
        }
        return directCall(c, site, b);
    }

    private Value directCall(Term.Call c, CallSite site, Bindings b) {
        List<Term> args = c.args();
        Value[] vals = new Value[args.size()];
        for (int i = 0; i < vals.length; i++) {
            Value v = ev.direct(args.get(i), b);
            if (v == null || v == Evaluation.NOT_DIRECT) {
                return v;
            }
            vals[i] = v;
        }
        return invokeDirect(site, vals, c.location());
    }

    /** Whether {@link #invokeDirect} handles a call: one result at most and no {@code with} replacing functions. */
    private boolean isDirect(CallSite.Kind kind) {
        return (kind == CallSite.Kind.BUILTIN || kind == CallSite.Kind.FUNCTION || kind == CallSite.Kind.EVALUATOR)
                && !ev.env.hasMocks;
    }

    /** {@link #invoke} without mocks, for a call {@link #isDirect} accepts: the one result or null. */
    private Value invokeDirect(CallSite site, Value[] args, Location loc) {
        switch (site.kind()) {
            case FUNCTION -> {
                return ev.rules.function(site.target().function(), args);
            }
            case BUILTIN -> {
                return applyBuiltin(site.target().builtin(), site.name(), args, loc);
            }
            default -> {
                Value[] out = {null};
                invoke(site.name(), args, loc, v -> {
                    out[0] = v;
                    return false;
                });
                return out[0];
            }
        }
    }

    /**
     * Evaluates arguments, leaving plain variables not yet bound for last: another argument's ref may bind them
     * ({@code foo == input.foos[foo]}), which the safety check allows.
     */
    private boolean argsBoundLast(List<Term> args, Bindings b, Evaluation.ValuesCont k) {
        int n = args.size();
        int unboundAt = -1;
        for (int i = 0; i < n; i++) {
            if (args.get(i) instanceof Term.Var v && Unifier.isUnbound(v, b)) {
                unboundAt = i;
                break;
            }
        }
        if (unboundAt < 0) {
            return ev.terms(args, 0, new Value[n], b, k);
        }
        List<Term> reordered = new java.util.ArrayList<>(args);
        Term moved = reordered.remove(unboundAt);
        reordered.add(moved);
        int from = unboundAt;
        return ev.terms(reordered, 0, new Value[n], b, vals -> {
            Value[] original = new Value[n];
            for (int i = 0, j = 0; i < n; i++) {
                original[i] = i == from ? vals[n - 1] : vals[j++];
            }
            return k.accept(original);
        });
    }

    boolean callTerm(Term.Call c, Bindings b, ValueCont k) {
        String name = callName(c.operator());
        if ("print".equals(name) || "internal.print".equals(name)) {
            print(c.args(), b);
            return k.accept(BooleanValue.TRUE);
        }
        return ev.terms(c.args(), 0, new Value[c.args().size()], b, vals -> invoke(name, vals, c.location(), k));
    }

    /** Declared arity of a builtin or function; -1 when unknown or variadic. */
    int arity(String name, int given) {
        Object mock = !ev.env.hasMocks ? null : ev.env.mocks.get(name);
        if (mock instanceof String target) {
            name = target;
        }
        Builtin bi = target(name).builtin();
        if (bi != null) {
            return bi.decl().variadic() ? given : bi.decl().arity();
        }
        if (name.equals("internal.member_2")) {
            return 2;
        }
        if (name.equals("internal.member_3")) {
            return 3;
        }
        if (name.equals("rego.metadata.rule") || name.equals("rego.metadata.chain")) {
            return 0;
        }
        RuleTree.Node node = target(name).function();
        if (node != null) {
            return ev.policy.functionArity(node);
        }
        return given;
    }

    /** Calls a function by name with evaluated arguments. */
    boolean invoke(String name, Value[] args, Location loc, ValueCont k) {
        Object mock = !ev.env.hasMocks ? null : ev.env.mocks.get(name);
        if (mock instanceof Value v) {
            return k.accept(v);
        }
        if (mock instanceof String target) {
            // The replacement runs without its own replacement, so it can call the function it replaces.
            Env saved = ev.env;
            java.util.Map<String, Object> mocks = new java.util.HashMap<>(saved.mocks);
            mocks.remove(name);
            ev.env = new Env(saved.input, saved.data, saved.overrides, mocks, saved.nodeCount());
            try {
                Value[] result = {null};
                invoke(target, args, loc, v -> {
                    result[0] = v;
                    return false;
                });
                ev.env = saved;
                return result[0] == null || k.accept(result[0]);
            } finally {
                ev.env = saved;
            }
        }
        switch (name) {
            case "internal.member_2" -> {
                return k.accept(BooleanValue.of(member(args[0], args[1])));
            }
            case "rego.metadata.rule" -> {
                return k.accept(ev.rules.metadataRule());
            }
            case "rego.metadata.chain" -> {
                return k.accept(ev.rules.metadataChain());
            }
            case "internal.member_3" -> {
                // For sets the "key" of an element is the element itself.
                Value got = Evaluation.lookup(args[2], args[0]);
                boolean ok = got != null && got.equals(args[1]);
                return k.accept(BooleanValue.of(ok));
            }
            default -> { }
        }
        RuleTree.Node fn = target(name).function();
        if (fn != null) {
            Value r = ev.rules.function(fn, args);
            return r == null || k.accept(r);
        }
        Builtin bi = target(name).builtin();
        if (bi == null) {
            throw Evaluation.error(RegoError.Code.EVAL_INTERNAL, "undefined function " + name, loc);
        }
        if (bi.function() != null) {
            Value r = applyBuiltin(bi, name, args, loc);
            return r == null || k.accept(r);
        }
        try {
            boolean[] go = {true};
            bi.generator().generate(ev.ctx, args, v -> {
                go[0] = k.accept(v);
                return go[0];
            });
            return go[0];
        } catch (BuiltinException e) {
            if (ev.ctx.strictBuiltinErrors()) {
                RegoError.Code code = e.code() == dev.gatehouse.rego.builtins.BuiltinErrorCode.TYPE_ERROR
                        ? RegoError.Code.EVAL_TYPE : RegoError.Code.EVAL_BUILTIN;
                throw Evaluation.error(code, name + ": " + e.getMessage(), loc);
            }
            return true;
        } catch (dev.gatehouse.rego.RegoException e) {
            throw e; // cancellation and errors from nested evaluation pass through unchanged
        } catch (RuntimeException e) {
            // A builtin bug must not crash the query: it is a builtin error like any other.
            if (ev.ctx.strictBuiltinErrors()) {
                throw Evaluation.error(RegoError.Code.EVAL_BUILTIN, name + ": " + e, loc);
            }
            return true;
        }
    }

    /** Calls a single-result builtin; builtin errors yield null (undefined) or, in strict mode, an error. */
    private Value applyBuiltin(Builtin bi, String name, Value[] args, Location loc) {
        try {
            return bi.function().apply(ev.ctx, args);
        } catch (BuiltinException e) {
            if (ev.ctx.strictBuiltinErrors()) {
                RegoError.Code code = e.code() == dev.gatehouse.rego.builtins.BuiltinErrorCode.TYPE_ERROR
                        ? RegoError.Code.EVAL_TYPE : RegoError.Code.EVAL_BUILTIN;
                throw Evaluation.error(code, name + ": " + e.getMessage(), loc);
            }
            return null;
        } catch (dev.gatehouse.rego.RegoException e) {
            throw e;
        } catch (RuntimeException e) {
            if (ev.ctx.strictBuiltinErrors()) {
                throw Evaluation.error(RegoError.Code.EVAL_BUILTIN, name + ": " + e, loc);
            }
            return null;
        }
    }

    static boolean member(Value x, Value coll) {
        return switch (coll) {
            case ArrayValue a -> {
                for (Value e : a) {
                    if (e.equals(x)) {
                        yield true;
                    }
                }
                yield false;
            }
            case SetValue s -> s.contains(x);
            case ObjectValue o -> {
                for (int i = 0; i < o.size(); i++) {
                    if (o.valueAt(i).equals(x)) {
                        yield true;
                    }
                }
                yield false;
            }
            default -> false;
        };
    }

    private void print(List<Term> args, Bindings b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            Value v = ev.first(args.get(i), b);
            sb.append(v == null ? "<undefined>" : v instanceof StringValue s ? s.value() : v.toString());
        }
        ev.ctx.print(sb.toString());
    }
}
