package dev.gatehouse.rego.compiler;

import dev.gatehouse.rego.ast.Module;
import dev.gatehouse.rego.ast.Refs;
import dev.gatehouse.rego.ast.Rule;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.builtins.Builtin;
import dev.gatehouse.rego.builtins.Builtins;
import dev.gatehouse.rego.value.Value;
import java.util.List;
import java.util.Map;

/**
 * The output of the compiler: checked and rewritten modules arranged in a {@link RuleTree}, plus the builtins they
 * were checked against. Immutable and thread-safe.
 */
public final class CompiledPolicy {
    private final List<Module> modules;
    private final RuleTree tree;
    private final Builtins builtins;
    private final Map<String, RuleTree.Node> functions;
    private final CallNames callNames;

    CompiledPolicy(List<Module> modules, RuleTree tree, Builtins builtins, Map<String, RuleTree.Node> functions) {
        this.modules = List.copyOf(modules);
        this.tree = tree;
        this.builtins = builtins;
        this.functions = Map.copyOf(functions);
        // Call sites first: a definition's guard is read through the call site of its first expression.
        this.callNames = new CallNames(tree, this.functions, builtins);
        for (RuleTree.Node node : this.functions.values()) {
            node.functionRules = node.rules().stream().map(r -> FunctionRule.of(r, callNames))
                    .toArray(FunctionRule[]::new);
            node.functionIndex = FunctionIndex.build(node.functionRules); // null when the function has none
        }
        tree.forEachNode(n -> {
            n.rules().forEach(this::resolveDataPaths);
            if (n.defaultRule() != null) {
                resolveDataPaths(n.defaultRule());
            }
        });
        this.pureFunctions = PureFunctions.find(this.functions.values(), callNames);
        for (RuleTree.Node node : pureFunctions) {
            node.pureIn = this;
        }
        InputFootprints footprints = InputFootprints.of(this, tree, callNames);
        for (RuleTree.Node node : footprints.parameterDocuments()) {
            node.invariantValues = new InvariantValues();
        }
        tree.forEachNode(n -> shareDocuments(n, footprints));
        for (Term t : footprints.invariantTerms()) {
            if (t instanceof Term.Call c) {
                callNames.keepResults(c.operator());
            } else {
                invariantComprehensions.put(t, new InvariantValues());
            }
        }
        // After the call sites that keep values by parameters are known: the guards read them.
        for (RuleTree.Node node : this.functions.values()) {
            node.emptyLoops = EmptyLoopGuard.of(this, node, callNames);
        }
    }

    /**
     * When every definition of a function loops over a value kept by parameters, what tells that the loops have
     * nothing to loop over (see {@link EmptyLoopGuard}); else null.
     */
    public EmptyLoopGuard emptyLoopGuard(RuleTree.Node function) {
        EmptyLoopGuard g = function.emptyLoops;
        return g != null && g.owner() == this ? g : null;
    }

    /** Gives a self-contained rule node reading one input member other than the parameters its shared key. */
    private void shareDocuments(RuleTree.Node n, InputFootprints footprints) {
        String member = n.invariantValues == null ? footprints.soleMember(n) : null;
        String fingerprint = member == null ? null : RuleFingerprint.of(n, callNames);
        if (fingerprint != null) {
            n.sharedKey = new SharedDocumentKey(dev.gatehouse.rego.value.StringValue.of(member), builtins, fingerprint);
        }
    }

    /**
     * The key under which evaluations of any policy on the same value of one input member share this node's
     * document, or null when it is not shared (see {@link SharedDocumentKey}).
     */
    public SharedDocumentKey sharedDocument(RuleTree.Node node) {
        return node.sharedKey;
    }

    private final Map<Term, InvariantValues> invariantComprehensions = new java.util.IdentityHashMap<>();

    /**
     * Where the documents of a rule node computed from {@code input.parameters} alone are kept across
     * evaluations, or null when the node reads more (see {@link InputFootprints}).
     */
    public InvariantValues invariantDocument(RuleTree.Node node) {
        return node.invariantValues;
    }

    /**
     * Where the values of a comprehension computed from {@code input.parameters} alone, without variables of the
     * rule around it, are kept across evaluations, or null. (Call terms keep theirs on their {@link CallSite}.)
     */
    public InvariantValues invariantComprehension(Term comprehension) {
        return invariantComprehensions.isEmpty() ? null : invariantComprehensions.get(comprehension);
    }

    /**
     * Leaves on every {@code data} reference of a rule the nodes its leading constant operands lead to (see
     * {@link #dataPath}), before the policy is published.
     */
    private void resolveDataPaths(Rule rule) {
        for (Rule r = rule; r != null; r = r.elseRule()) {
            r.args().forEach(t -> TermMapper.visit(t, this::resolveDataPath));
            r.ref().operands().forEach(t -> TermMapper.visit(t, this::resolveDataPath));
            if (r.key() != null) {
                TermMapper.visit(r.key(), this::resolveDataPath);
            }
            if (r.value() != null) {
                TermMapper.visit(r.value(), this::resolveDataPath);
            }
            resolveDataPaths(r.body());
        }
    }

    /**
     * Resolves, as for the policy's own rules, the {@code data} references and the call operators of a query compiled
     * against this policy, before the query is published.
     */
    void resolveQuery(dev.gatehouse.rego.ast.Body query) {
        resolveDataPaths(query);
        callNames.resolveQuery(query);
    }

    /** {@link #resolveDataPaths(Rule)} for a body. */
    private void resolveDataPaths(dev.gatehouse.rego.ast.Body body) {
        TermMapper.visitBody(body, this::resolveDataPath);
    }

    private void resolveDataPath(Term t) {
        if (!(t instanceof Term.Ref r) || !(r.head() instanceof Term.Var v) || !v.name().equals("data")) {
            return;
        }
        // As the evaluator's descent: while the node has no rules of its own and the operand is a constant.
        List<RuleTree.Node> path = new java.util.ArrayList<>();
        RuleTree.Node node = tree.root();
        for (Term op : r.operands()) {
            if (node.hasRules() || !(op instanceof Term.Scalar s)) {
                break;
            }
            node = node.child(s.value());
            if (node == null) {
                break;
            }
            path.add(node);
        }
        if (!path.isEmpty()) {
            r.resolution().set(this, path.toArray(RuleTree.Node[]::new));
        }
    }

    /**
     * The nodes a {@code data} reference's leading constant operands lead to in this policy's tree, one per
     * operand (as far as the descent goes without meeting rules or a missing node), or null when none are
     * recorded for this policy: the evaluator then descends operand by operand. The array is shared: never
     * modify it.
     */
    public RuleTree.Node[] dataPath(Term.Ref ref) {
        return ref.resolution().get(this) instanceof RuleTree.Node[] path ? path : null;
    }

    /** Functions whose results depend only on their arguments; read-only after construction. */
    private final java.util.Set<RuleTree.Node> pureFunctions;
    private final FunctionResults sharedResults = new FunctionResults();

    /**
     * Whether a function's results depend only on its arguments (no input, data, {@code with}, nondeterministic or
     * side-effecting builtins), so that evaluations without {@code with} replacements may share them.
     */
    public boolean sharesResults(RuleTree.Node function) {
        return function.pureIn == this; // as pureFunctions.contains, without a hash lookup per call
    }

    /** The results of pure function calls shared by all evaluations of this policy. */
    public FunctionResults sharedResults() {
        return sharedResults;
    }

    /** The dotted name of a call's operator (as {@link Refs#nameOf}), resolved at compile time where possible. */
    public String callName(Term.Ref operator) {
        String name = callNames.get(operator);
        return name != null ? name : Refs.nameOf(operator);
    }

    /**
     * The compile-time resolution of a call operator (name, target, dispatch kind), or null for an operator not
     * seen at compile time (use {@link #callName}).
     */
    public CallSite callSite(Term.Ref operator) {
        return callNames.site(operator);
    }

    public List<Module> modules() { return modules; }
    public RuleTree tree() { return tree; }
    public Builtins builtins() { return builtins; }

    /** The node of a user function by dotted name ({@code data.pkg.f}), or null. */
    public RuleTree.Node function(String name) {
        if (name == null) {
            return null;
        }
        CallTarget t = callNames.target(name);
        return t != null ? t.function() : functions.get(name);
    }

    /** The builtin of a name, as {@link Builtins#get}, faster for names from {@link #callName}. */
    public Builtin builtin(String name) {
        CallTarget t = callNames.target(name);
        return t != null ? t.builtin() : builtins.get(name);
    }

    /** What a call's name denotes; cheap for names from {@link #callName}. */
    public CallTarget callTarget(String name) {
        CallTarget t = name == null ? null : callNames.target(name);
        return t != null ? t : new CallTarget(function(name), name == null ? null : builtins.get(name));
    }

    /**
     * The (non-default) definitions of a function that may match a call with these arguments, in definition order.
     * The array is shared: never modify it.
     */
    public FunctionRule[] functionCandidates(RuleTree.Node node, Value[] args) {
        FunctionIndex index = node.functionIndex;
        return index == null ? node.functionRules : index.candidates(args);
    }

    public int functionArity(RuleTree.Node node) {
        return arityOf(node);
    }

    static int arityOf(RuleTree.Node node) {
        if (node == null) {
            return 0;
        }
        Rule r = node.rules().isEmpty() ? node.defaultRule() : node.rules().get(0);
        return r == null ? 0 : r.args().size();
    }
}
