package dev.gatehouse.rego.eval;

import dev.gatehouse.rego.RegoError;
import dev.gatehouse.rego.ast.Rule;
import dev.gatehouse.rego.ast.RuleKind;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.compiler.EmptyLoopGuard;
import dev.gatehouse.rego.compiler.FunctionGuard;
import dev.gatehouse.rego.compiler.FunctionResults;
import dev.gatehouse.rego.compiler.FunctionRule;
import dev.gatehouse.rego.compiler.InvariantValues;
import dev.gatehouse.rego.compiler.RuleIndex;
import dev.gatehouse.rego.compiler.RuleTree;
import dev.gatehouse.rego.compiler.SharedDocumentKey;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Virtual documents: evaluates rules to the values they define (complete values, sets, objects from ref heads),
 * merges them with base data, and evaluates functions. Results are cached per {@link Env}.
 */
final class RuleEvaluator {
    private final Evaluation ev;
    /** The rules whose bodies are being evaluated, innermost last (for rego.metadata.*). */
    private Rule[] current = NO_RULES;
    // These stacks start empty and grow on first use: many evaluations nest no rules, or a few only.
    private static final Rule[] NO_RULES = {};
    private static final Bindings[] NO_BINDINGS = {};
    private static final RuleRun[] NO_RUNS = {};
    private int depth;

    // Plain array stacks rather than ArrayDeques: an evaluation makes these per query, and most queries nest
    // a few rules deep.
    private void enter(Rule r) {
        if (depth == current.length) {
            current = java.util.Arrays.copyOf(current, Math.max(8, depth * 2));
        }
        current[depth++] = r;
    }

    private void leave() {
        current[--depth] = null;
    }

    private Rule innermost() {
        return depth == 0 ? null : current[depth - 1];
    }

    RuleEvaluator(Evaluation ev) {
        this.ev = ev;
    }

    /**
     * Makes the free bindings forget the values they held, so that an evaluation kept for the thread's next query
     * (see {@link Evaluation#reset}) keeps no request's documents alive.
     */
    void forget() {
        for (int i = 0; i < freeBindingCount; i++) {
            freeBindings[i].clear();
        }
    }

    /**
     * Bindings for a rule body, reused once released: rule bodies are evaluated one after another, so an
     * evaluation needs only as many as rules nest, not one per rule invocation.
     */
    private Bindings acquireBindings() {
        return freeBindingCount == 0 ? new Bindings() : freeBindings[--freeBindingCount];
    }

    /** Returns bindings no continuation refers to any more (an exception skips this: they are then dropped). */
    private void releaseBindings(Bindings b) {
        b.undoTo(0);
        if (freeBindingCount == freeBindings.length) {
            freeBindings = java.util.Arrays.copyOf(freeBindings, Math.max(4, freeBindingCount * 2));
        }
        freeBindings[freeBindingCount++] = b;
    }

    private Bindings[] freeBindings = NO_BINDINGS;
    private int freeBindingCount;

    /**
     * Evaluates a {@code data} reference. The nodes its leading constant operands lead to were found at compile
     * time: taking them is the descent {@link #walkTree} would make (without replaced rules, which it must see),
     * and it goes on from where they end. Base data is still walked, as far as it has the operands.
     */
    boolean data(Term.Ref r, Bindings b, ValueCont k) {
        List<Term> ops = r.operands();
        RuleTree.Node[] path = ev.env.hasOverrides ? null : ev.policy.dataPath(r);
        if (path == null) {
            return walkTree(ev.policy.tree().root(), ev.env.data, ops, 0, b, k);
        }
        return walkTree(path[path.length - 1], baseAlong(ops, path.length), ops, path.length, b, k);
    }

    /** The base data under the first {@code n} operands, which are constants, or null where it has none. */
    private Value baseAlong(List<Term> ops, int n) {
        Value base = ev.env.data;
        for (int j = 0; j < n && base != null; j++) {
            base = baseChild(base, ((Term.Scalar) ops.get(j)).value());
        }
        return base;
    }

    /**
     * The rule document a {@code data} reference reads before its operand {@code last}, when its operands before
     * that are constants leading to a node with rules (as {@link #data} would find it): null when undefined,
     * {@link Evaluation#NOT_DIRECT} for any other reference, or under a {@code with} replacing data.
     */
    Value documentBefore(Term.Ref r, int last) {
        RuleTree.Node[] path = ev.env.hasOverrides ? null : ev.policy.dataPath(r);
        if (path == null || last == 0 || path.length != last || !path[last - 1].hasRules()) {
            return Evaluation.NOT_DIRECT;
        }
        return document(path[last - 1], baseAlong(r.operands(), last));
    }

    /** Evaluates {@code data} followed by {@code ops[i..]}. */
    boolean data(List<Term> ops, int i, Bindings b, ValueCont k) {
        return walkTree(ev.policy.tree().root(), ev.env.data, ops, i, b, k);
    }

    private boolean walkTree(RuleTree.Node node, Value base, List<Term> ops, int i, Bindings b, ValueCont k) {
        // Constant operands (data.pkg.rule) descend in this loop, as the general step below would with the one
        // value of the operand, without a continuation per path segment.
        int n = ops.size();
        while (node != null && i < n && !node.hasRules() && ops.get(i) instanceof Term.Scalar s) {
            if (ev.env.hasOverrides && ev.env.overrides.get(node) != null) {
                break;
            }
            Value key = s.value();
            node = node.child(key);
            base = baseChild(base, key);
            i++;
        }
        return walkTreeStep(node, base, ops, i, b, k);
    }

    private boolean walkTreeStep(RuleTree.Node node, Value base, List<Term> ops, int i, Bindings b, ValueCont k) {
        if (node == null) {
            if (base == null) {
                return true;
            }
            if (i < ops.size() && !ev.unifier.isPattern(ops.get(i), b)) {
                return ev.term(ops.get(i), b, key -> walkTree(null, baseChild(base, key), ops, i + 1, b, k));
            }
            return ev.walk(base, ops, i, b, k);
        }
        if (ev.env.hasOverrides) {
            Value override = ev.env.overrides.get(node);
            if (override != null) {
                return ev.walk(override, ops, i, b, k);
            }
        }
        if (node.hasRules() || i == ops.size() || ev.unifier.isPattern(ops.get(i), b)) {
            Value v = document(node, base);
            return v == null || ev.walk(v, ops, i, b, k);
        }
        return ev.term(ops.get(i), b, key -> walkTree(node.child(key), baseChild(base, key), ops, i + 1, b, k));
    }

    /** Base data is stored under string keys, so numeric refs into data find their string form (as in OPA). */
    private static Value baseChild(Value base, Value key) {
        if (base == null) {
            return null;
        }
        Value v = Evaluation.lookup(base, key);
        if (v == null && base instanceof ObjectValue o && key instanceof dev.gatehouse.rego.value.NumberValue) {
            v = o.get(key.toString());
        }
        return v;
    }

    /** The full value of a node: its rules' value, or base data merged with its children. Null if undefined. */
    Value document(RuleTree.Node node, Value base) {
        Env env = ev.env;
        if (env.hasOverrides) {
            Value override = env.overrides.get(node);
            if (override != null) {
                return override;
            }
        }
        if (node.isFunction()) {
            return null;
        }
        Value state = env.document(node);
        if (state != null) {
            if (state == Env.IN_PROGRESS) {
                throw Evaluation.error(RegoError.Code.EVAL_INTERNAL, "rule " + node.path() + " is recursive", null);
            }
            return state == Env.UNDEFINED ? null : state;
        }
        // A node is kept by parameters or shared with other policies, never both (see CompiledPolicy).
        boolean keeps = ev.keepsInvariants();
        InvariantValues kept = keeps ? ev.policy.invariantDocument(node) : null;
        Value parameters = null;
        if (kept != null) {
            parameters = ev.parameters();
            Value v = kept.get(parameters);
            if (v != null) {
                env.document(node, v);
                return v == Env.UNDEFINED ? null : v;
            }
        }
        SharedDocumentKey shareKey = keeps ? ev.policy.sharedDocument(node) : null;
        Value member = null;
        if (shareKey != null && env.input instanceof ObjectValue in) {
            member = in.get(shareKey.member());
            Value v = member == null ? null : SharedDocuments.forMember(member).get(shareKey);
            if (v != null) {
                env.document(node, v);
                return v == Env.UNDEFINED ? null : v;
            }
        }
        env.document(node, Env.IN_PROGRESS);
        Value result;
        try {
            result = computeDocument(node, base);
        } catch (RuntimeException | Error e) {
            env.document(node, null);
            throw e;
        }
        Value stored = result == null ? Env.UNDEFINED : result;
        env.document(node, stored);
        if (kept != null) {
            kept.put(parameters, stored);
        }
        if (member != null) {
            // Asked again: evaluating the document may have moved this thread's store on to another value.
            SharedDocuments.forMember(member).put(shareKey, stored);
        }
        return result;
    }

    /** Marker stored in the function cache for undefined results (the cache holds Values only). */
    private static final Value UNDEFINED_VALUE = Env.UNDEFINED;

    private Value computeDocument(RuleTree.Node node, Value base) {
        if (!node.hasRules()) {
            ObjectValue.Builder ob = ObjectValue.builder();
            if (base instanceof ObjectValue bo) {
                bo.forEach(ob::put);
            } else if (base != null && !node.hasChildren()) {
                return base;
            }
            for (Map.Entry<Value, RuleTree.Node> c : node.children().entrySet()) {
                Value childBase = base instanceof ObjectValue bo ? bo.get(c.getKey()) : null;
                Value cv = document(c.getValue(), childBase);
                if (cv != null) {
                    ob.put(c.getKey(), cv);
                } 
            }
            return ob.build();
        }
        if (node.isMultiValue() && !node.hasSuffixRules() && !node.hasChildren()) {
            return partialSet(node);
        }
        if (!node.hasSuffixRules() && !node.hasChildren()) {
            return complete(node);
        }
        return partialObject(node, base);
    }

    /** The rules that may match in the current Env, narrowed by the node's equality index when it has one. */
    private List<Rule> candidates(RuleTree.Node node) {
        RuleIndex index = node.index();
        if (index == null) {
            return node.rules();
        }
        Value v = ev.env.input;
        for (Value key : index.inputPath()) {
            v = v == null ? null : Evaluation.lookup(v, key);
        }
        return index.candidates(v);
    }

    private Value complete(RuleTree.Node node) {
        Value result = null;
        List<Rule> candidates = candidates(node);
        for (int i = 0, n = candidates.size(); i < n; i++) {
            Rule r = candidates.get(i);
            Value v = ruleChainValue(r);
            if (v != null) {
                if (result != null && !result.equals(v)) {
                    throw Evaluation.error(RegoError.Code.EVAL_CONFLICT, "complete rules must not produce multiple outputs",
                            r.location());
                }
                result = v;
            }
        }
        if (result == null && node.defaultRule() != null) {
            result = ev.first(node.defaultRule().value(), new Bindings());
        }
        return result;
    }

    /** The value of a rule or, if its body fails, of its else branches; null when all fail. */
    private Value ruleChainValue(Rule r) {
        enter(r);
        try {
            // One continuation object for the whole else chain instead of four lambdas and a result cell per rule:
            // this runs for every rule and function invocation.
            RuleRun run = takeRun(null);
            for (Rule cur = r; cur != null && run.out == null; cur = cur.elseRule()) {
                Bindings b = acquireBindings();
                run.start(cur, false, b);
                run.run();
                releaseBindings(b);
            }
            return giveBack(run);
        } finally {
            leave();
        }
    }

    /** {@link #ruleChainValue} of a function definition called with these arguments. */
    private Value functionChainValue(FunctionRule r, Value[] args) {
        enter(r.rule());
        try {
            RuleRun run = takeRun(args);
            for (FunctionRule cur = r; cur != null && run.out == null; cur = cur.elseRule()) {
                FunctionGuard guard = cur.guard();
                if (guard != null && fails(guard, args)) {
                    continue; // its body fails at its first expression: nothing to set up or undo
                }
                Bindings b = acquireBindings();
                run.start(cur.rule(), cur.hasDeferredParams(), b);
                bindArgsDirect(cur, args, b, run);
                releaseBindings(b);
            }
            return giveBack(run);
        } finally {
            leave();
        }
    }

    /**
     * Whether a definition's guard fails for these arguments, as its first expression would with the parameters
     * bound to them: a path the argument lacks is undefined, a test on false fails, a comparison that answers
     * false fails. False when it holds or cannot be decided here (a {@code with} replacing functions, a builtin
     * error): the body then runs.
     */
    private boolean fails(FunctionGuard guard, Value[] args) {
        if (ev.env.hasMocks || guard.param() >= args.length) {
            return false;
        }
        Value v = args[guard.param()];
        Value[] path = guard.path();
        int[] pathParams = guard.pathParams();
        for (int i = 0; i < path.length && v != null; i++) {
            int p = pathParams[i];
            if (p >= args.length) {
                return false;
            }
            v = Evaluation.lookup(v, p < 0 ? path[i] : args[p]);
        }
        if (v == null) {
            return true;
        }
        switch (guard.kind()) {
            case DEFINED -> {
                return false;
            }
            case TRUTHY -> {
                return Evaluation.isFalse(v);
            }
            default -> { }
        }
        if (guard.compare() == null) {
            return !v.equals(guard.constant()); // unification of two ground terms
        }
        Value c = guard.constant();
        try {
            Value r = guard.compare().function().apply(ev.ctx, guard.constantFirst() ? new Value[] {c, v}
                    : new Value[] {v, c});
            return r != null && Evaluation.isFalse(r);
        } catch (RuntimeException e) {
            return false; // the body reports it as it always has
        }
    }

    private RuleRun takeRun(Value[] args) {
        RuleRun run = freeRunCount == 0 ? new RuleRun() : freeRuns[--freeRunCount];
        run.args = args;
        return run;
    }

    /** The value a finished run found (null when none), handing the run back for reuse. */
    private Value giveBack(RuleRun run) {
        Value out = run.out;
        run.release();
        if (freeRunCount == freeRuns.length) {
            freeRuns = java.util.Arrays.copyOf(freeRuns, Math.max(4, freeRunCount * 2));
        }
        freeRuns[freeRunCount++] = run;
        return out;
    }

    /** Rule runs no continuation refers to any more, reused as {@link #freeBindings} are. */
    private RuleRun[] freeRuns = NO_RUNS;
    private int freeRunCount;

    /**
     * Evaluates one rule of an else chain: as a {@link Cont}, its body and then its value (binding deferred
     * parameters in between); as a {@link ValueCont}, records the value, rejecting a second, different one.
     * Continuations run synchronously and never outlive the rule's turn, so the object moves on to the next rule of
     * the chain in place, and once the chain is done it serves the next invocation (an exception skips the reuse).
     */
    private final class RuleRun implements Cont, ValueCont {
        private Value[] args;
        private final Cont value = this::value;
        private Rule rule;
        private Bindings b;
        private boolean deferred;
        private Value out;

        /** Drops the references of the finished invocation. */
        void release() {
            args = null;
            rule = null;
            b = null;
            out = null;
        }

        void start(Rule rule, boolean deferred, Bindings b) {
            this.rule = rule;
            this.b = b;
            this.deferred = deferred;
            this.out = null;
        }

        /** The rule's body, then its value. */
        @Override
        public boolean run() {
            Rule r = rule;
            Bindings bs = b;
            return ev.body(r.body().exprs(), 0, bs, deferred ? () -> deferredArgs(r.args(), args, 0, bs, value) : value);
        }

        private boolean value() {
            Value v = ev.direct(rule.value(), b);
            if (v != Evaluation.NOT_DIRECT) {
                return v == null || accept(v);
            }
            return ev.term(rule.value(), b, this);
        }

        @Override
        public boolean accept(Value v) {
            if (out != null && !out.equals(v)) {
                throw Evaluation.error(RegoError.Code.EVAL_CONFLICT, args == null
                        ? "complete rules must not produce multiple outputs"
                        : "functions must not produce multiple outputs for same inputs", rule.location());
            }
            out = v;
            return true;
        }
    }

    /**
     * {@link #bindArgs}, binding plain variable and constant parameters without a continuation each (the usual
     * case); the first destructuring parameter hands the rest to {@link #bindArgs}.
     */
    private boolean bindArgsDirect(FunctionRule f, Value[] args, Bindings b, Cont k) {
        int mark = b.mark();
        int n = f.arity();
        int i = 0;
        for (; i < n; i++) {
            Term p = f.param(i);
            if (FunctionRule.isDeferred(p)) {
                continue;
            }
            if (!Evaluation.isDirectPattern(p)) {
                break;
            }
            if (ev.directBind(p, args[i], b) == Evaluation.FAILED) {
                b.undoTo(mark);
                return true;
            }
        }
        boolean go = i == n ? k.run() : bindArgs(f.rule().args(), args, i, b, k);
        b.undoTo(mark);
        return go;
    }

    private boolean bindArgs(List<Term> params, Value[] args, int i, Bindings b, Cont k) {
        if (i == params.size()) {
            return k.run();
        }
        if (FunctionRule.isDeferred(params.get(i))) {
            return bindArgs(params, args, i + 1, b, k);
        }
        return ev.unifier.unifyValue(params.get(i), args[i], b, () -> bindArgs(params, args, i + 1, b, k));
    }

    /** Compares the {@link FunctionRule#isDeferred deferred} parameters with their arguments, after the body. */
    private boolean deferredArgs(List<Term> params, Value[] args, int i, Bindings b, Cont k) {
        if (args == null || i == params.size()) {
            return k.run();
        }
        if (!FunctionRule.isDeferred(params.get(i))) {
            return deferredArgs(params, args, i + 1, b, k);
        }
        return ev.unifier.unifyValue(params.get(i), args[i], b, () -> deferredArgs(params, args, i + 1, b, k));
    }

    private Value partialSet(RuleTree.Node node) {
        SetValue.Builder out = SetValue.builder();
        List<Rule> candidates = candidates(node);
        for (int i = 0, n = candidates.size(); i < n; i++) { // no iterator: this runs per partial set document
            Rule r = candidates.get(i);
            Bindings b = acquireBindings();
            enter(r);
            try {
                ev.body(r.body().exprs(), 0, b, () -> {
                    Value v = ev.direct(r.key(), b);
                    if (v != Evaluation.NOT_DIRECT) {
                        if (v != null) {
                            out.add(v);
                        }
                        return true;
                    }
                    return ev.term(r.key(), b, val -> {
                        out.add(val);
                        return true;
                    });
                });
            } finally {
                leave();
            }
            releaseBindings(b);
        }
        return out.build();
    }

    /** Objects built from ref-head rules ({@code p[k] := v}, {@code p[x].y := z}) merged with child nodes. */
    private Value partialObject(RuleTree.Node node, Value base) {
        Map<Value, Object> root = new LinkedHashMap<>();
        for (Rule r : candidates(node)) {
            int pl = RuleTree.prefixLength(r.ref());
            List<Term> suffix = r.ref().operands().subList(pl, r.ref().operands().size());
            if (suffix.isEmpty()) {
                throw Evaluation.error(RegoError.Code.EVAL_CONFLICT, "conflicting rules " + node.path() + " found",
                        r.location());
            }
            if (r.kind() == RuleKind.MULTI_VALUE) {
                Bindings b = new Bindings();
                ev.body(r.body().exprs(), 0, b, () -> ev.terms(suffix, 0, new Value[suffix.size()], b,
                        keys -> ev.term(r.key(), b, v -> {
                            insert(root, keys, v, true, r);
                            return true;
                        })));
                continue;
            }
            for (Rule cur = r; cur != null; cur = cur.elseRule()) {
                Rule rule = cur;
                Bindings b = new Bindings();
                boolean[] any = {false};
                ev.body(rule.body().exprs(), 0, b, () -> ev.terms(suffix, 0, new Value[suffix.size()], b,
                        keys -> rule.kind() == RuleKind.MULTI_VALUE
                                ? ev.term(rule.key(), b, v -> {
                                    any[0] = true;
                                    insert(root, keys, v, true, rule);
                                    return true;
                                })
                                : ev.term(rule.value(), b, v -> {
                                    any[0] = true;
                                    insert(root, keys, v, false, rule);
                                    return true;
                                })));
                if (any[0]) {
                    break;
                }
            }
        }
        for (Map.Entry<Value, RuleTree.Node> c : node.children().entrySet()) {
            Value childBase = base instanceof ObjectValue bo ? bo.get(c.getKey()) : null;
            Value cv = document(c.getValue(), childBase);
            if (cv != null) {
                insert(root, new Value[] {c.getKey()}, cv, false, null);
            }
        }
        return freeze(root);
    }

    @SuppressWarnings("unchecked")
    private static void insert(Map<Value, Object> root, Value[] keys, Value v, boolean setMember, Rule rule) {
        Map<Value, Object> cur = root;
        for (int i = 0; i < keys.length - 1; i++) {
            Object o = cur.get(keys[i]);
            if (o == null) {
                Map<Value, Object> next = new LinkedHashMap<>();
                cur.put(keys[i], next);
                cur = next;
            } else if (o instanceof Map<?, ?> m) {
                cur = (Map<Value, Object>) m;
            } else if (o instanceof ObjectValue ov) {
                Map<Value, Object> next = new LinkedHashMap<>(ov.toMap());
                cur.put(keys[i], next);
                cur = next;
            } else {
                throw conflict(rule);
            }
        }
        Value last = keys[keys.length - 1];
        Object existing = cur.get(last);
        if (setMember) {
            if (existing == null) {
                SetValue.Builder sb = SetValue.builder();
                sb.add(v);
                cur.put(last, sb);
            } else if (existing instanceof SetValue.Builder sb) {
                sb.add(v);
            } else if (existing instanceof SetValue sv) {
                SetValue.Builder sb = SetValue.builder();
                sb.addAll(sv);
                sb.add(v);
                cur.put(last, sb);
            } else {
                throw conflict(rule);
            }
            return;
        }
        if (existing == null) {
            cur.put(last, v);
        } else if (existing instanceof SetValue.Builder sb && v instanceof SetValue sv) {
            sb.addAll(sv);
        } else if (existing instanceof Value ev && ev.equals(v)) {
            return;
        } else if (existing instanceof Map<?, ?> m && v instanceof ObjectValue ov) {
            Map<Value, Object> target = (Map<Value, Object>) m;
            for (int i = 0; i < ov.size(); i++) {
                insert(target, new Value[] {ov.keyAt(i)}, ov.valueAt(i), false, rule);
            }
        } else {
            throw conflict(rule);
        }
    }

    private static RuntimeException conflict(Rule rule) {
        return Evaluation.error(RegoError.Code.EVAL_CONFLICT, "object keys must be unique",
                rule == null ? null : rule.location());
    }

    @SuppressWarnings("unchecked")
    private static Value freeze(Object o) {
        if (o instanceof Map<?, ?> m) {
            ObjectValue.Builder ob = ObjectValue.builder();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                ob.put((Value) e.getKey(), freeze(e.getValue()));
            }
            return ob.build();
        }
        if (o instanceof SetValue.Builder sb) {
            return sb.build();
        }
        return (Value) o;
    }

    // ------------------------------------------------------------------ functions

    /** A call's key in the shared results; the arguments array is the caller's, never changed after the call. */
    private static final class CallKey {
        private final RuleTree.Node node;
        private final Value[] args;
        private final int hash;

        CallKey(RuleTree.Node node, Value[] args, int hash) {
            this.node = node;
            this.args = args;
            this.hash = hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CallKey k && k.node == node && k.hash == hash && FunctionCache.sameArgs(k.args, args);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** Calls a user function; null when undefined. */
    Value function(RuleTree.Node node, Value[] args) {
        EmptyLoopGuard empty = ev.policy.emptyLoopGuard(node);
        if (empty != null && ev.keepsInvariants() && empty.fails(ev.parameters())) {
            return null; // every definition fails at its loop, whatever the arguments
        }
        // Callers pass a fresh array they never change again, so the key can wrap it.
        int hash = FunctionCache.hash(node, args);
        Value cached = ev.env.calls.get(node, args, hash); // never null for a stored call: undefined is a marker
        if (cached != null) {
            return cached == UNDEFINED_VALUE ? null : cached;
        }
        FunctionResults shared = sharedResults(node, args);
        CallKey key = null;
        if (shared != null) {
            key = new CallKey(node, args, hash);
            cached = shared.get(key);
            if (cached != null) {
                ev.env.calls.put(node, args, hash, cached);
                return cached == UNDEFINED_VALUE ? null : cached;
            }
        }
        Value result = null;
        for (FunctionRule r : ev.policy.functionCandidates(node, args)) {
            if (r.arity() != args.length) {
                continue;
            }
            Value v = functionChainValue(r, args);
            if (v != null) {
                if (result != null && !result.equals(v)) {
                    throw Evaluation.error(RegoError.Code.EVAL_CONFLICT,
                            "functions must not produce multiple outputs for same inputs", r.rule().location());
                }
                result = v;
            }
        }
        if (result == null && node.defaultRule() != null) {
            result = ev.first(node.defaultRule().value(), new Bindings());
        }
        ev.env.calls.put(node, args, hash, result == null ? UNDEFINED_VALUE : result);
        if (shared != null && (result == null || isSmallScalar(result, SHARED_RESULT_STRING_MAX))) {
            // Only small results: a pure function can build a large value from a small argument.
            shared.put(key, result == null ? UNDEFINED_VALUE : result);
        }
        return result;
    }

    /** Longest string argument whose call results are shared between evaluations. */
    private static final int SHARED_STRING_MAX = 256;
    /** Longest string result shared between evaluations. */
    private static final int SHARED_RESULT_STRING_MAX = 1024;

    private static boolean isSmallScalar(Value v, int maxString) {
        return v instanceof StringValue s ? s.value().length() <= maxString : v.isScalar();
    }

    /**
     * Where this call's result may be shared with other evaluations, or null: the function must be pure, no
     * {@code with} may replace functions or builtins (they could reach into it), builtin errors must not be strict
     * (they would not be undefined then), and the arguments must be small scalars, so that the shared store
     * holds no request documents (results are stored only when small scalars too).
     */
    private FunctionResults sharedResults(RuleTree.Node node, Value[] args) {
        // Most functions are not pure: that test first, and it is one comparison.
        if (!ev.policy.sharesResults(node) || ev.env.hasMocks || ev.ctx.strictBuiltinErrors()) {
            return null;
        }
        for (Value a : args) {
            if (!isSmallScalar(a, SHARED_STRING_MAX)) {
                return null;
            }
        }
        return ev.policy.sharedResults();
    }


    // ------------------------------------------------------------------ rego.metadata

    /** The rule-scoped METADATA of the rule being evaluated ({} when it has none). */
    Value metadataRule() {
        Rule r = innermost();
        if (r != null) {
            for (ObjectValue a : r.annotations()) {
                if (scope(a).equals("rule")) {
                    return a;
                }
            }
        }
        return ObjectValue.EMPTY;
    }

    /** The METADATA chain from the rule being evaluated up through its packages, as OPA returns it. */
    Value metadataChain() {
        Rule r = innermost();
        List<Value> out = new java.util.ArrayList<>();
        if (r == null) {
            return dev.gatehouse.rego.value.ArrayValue.EMPTY;
        }
        List<Value> path = new java.util.ArrayList<>();
        int n = RuleTree.prefixLength(r.ref());
        for (int i = 0; i < n; i++) {
            path.add(((Term.Scalar) r.ref().operands().get(i)).value());
        }
        ObjectValue ruleAnn = null;
        for (ObjectValue a : r.annotations()) {
            if (scope(a).equals("rule")) {
                ruleAnn = a;
            }
        }
        out.add(entry(path, ruleAnn));
        // Document scope: any rule at the same path may carry it.
        RuleTree.Node node = ev.policy.tree().root();
        for (Value k : path) {
            node = node == null ? null : node.child(k);
        }
        if (node != null) {
            for (Rule other : node.rules()) {
                for (ObjectValue a : other.annotations()) {
                    if (scope(a).equals("document")) {
                        out.add(entry(path, a));
                    }
                }
            }
        }
        // Package (and subpackages) scope, from any module of the enclosing packages, innermost first.
        for (int len = path.size() - 1; len >= 1; len--) {
            List<Value> pkg = path.subList(0, len);
            for (dev.gatehouse.rego.ast.Module m : ev.policy.modules()) {
                List<Value> mp = new java.util.ArrayList<>();
                for (Term t : m.packagePath().operands()) {
                    mp.add(((Term.Scalar) t).value());
                }
                if (!mp.equals(pkg)) {
                    continue;
                }
                for (ObjectValue a : m.packageAnnotations()) {
                    String sc = scope(a);
                    if (sc.equals("package") || (sc.equals("subpackages") && len < path.size() - 1)
                            || sc.equals("subpackages")) {
                        out.add(entry(pkg, a));
                    }
                }
            }
        }
        return dev.gatehouse.rego.value.ArrayValue.of(out);
    }

    private static String scope(ObjectValue a) {
        return a.get("scope") instanceof dev.gatehouse.rego.value.StringValue s ? s.value() : "rule";
    }

    private static Value entry(List<Value> path, ObjectValue annotations) {
        ObjectValue.Builder b = ObjectValue.builder().put("path", dev.gatehouse.rego.value.ArrayValue.of(path));
        if (annotations != null) {
            b.put("annotations", annotations);
        }
        return b.build();
    }
}
