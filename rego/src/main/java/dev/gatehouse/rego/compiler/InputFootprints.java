package dev.gatehouse.rego.compiler;

import dev.gatehouse.rego.ast.Body;
import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Rule;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.builtins.Builtin;
import dev.gatehouse.rego.value.StringValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which top-level members of {@code input} each rule of a policy reads, and which of its terms depend on nothing but
 * {@code input.parameters}. Gatekeeper hands every evaluation {@code {"review": ..., "parameters": ...}}, and a
 * constraint's parameters are the same for every review: what a rule or a closed term computes from them alone (the
 * set of allowed capabilities, lower-cased; the exempt images; the allowed profiles) is the same for every review
 * of that constraint, so the evaluator keeps it by parameters value ({@link InvariantValues}) instead of computing it
 * again per review. A rule that reads one member and nothing else (a template's {@code input_containers} reads the
 * review) is the same for every policy that holds the same rules ({@link SharedDocumentKey}).
 *
 * <p>Rules name other rules and functions by resolved references and calls, which the analysis follows; a local
 * variable reads nothing by itself. Conservative: the whole {@code input}, a dynamic key into it, base data (such
 * as {@code data.inventory}), a {@code with}, an unresolved call, and a nondeterministic or effectful builtin all
 * count as reading anything. Used once, at compile time.
 */
final class InputFootprints {
    /** The member whose readers the evaluator keeps results for. */
    static final String PARAMETERS = "parameters";

    /** Stands for "anything": compared by identity. */
    private static final Set<String> ANY = Set.of("\u0000any");
    private static final Set<String> NONE = Set.of();

    private final CompiledPolicy policy;
    private final CallNames names;
    /** Footprints so far; a node being examined provisionally reads anything, so recursion cannot loop. */
    private final Map<RuleTree.Node, Set<String>> nodes = new IdentityHashMap<>();
    /** The rule nodes whose documents read nothing but parameters. */
    private final List<RuleTree.Node> parameterDocuments = new ArrayList<>();
    /** The closed parameter-only terms found: call terms and comprehensions. */
    private final List<Term> invariantTerms = new ArrayList<>();

    private InputFootprints(CompiledPolicy policy, CallNames names) {
        this.policy = policy;
        this.names = names;
    }

    /** The analysis of a policy's rules (data paths must be resolved first). */
    static InputFootprints of(CompiledPolicy policy, RuleTree tree, CallNames names) {
        InputFootprints f = new InputFootprints(policy, names);
        tree.forEachNode(n -> {
            if (n.hasRules()) {
                if (f.readsOnlyParameters(n)) {
                    f.parameterDocuments.add(n);
                }
                n.rules().forEach(f::findInvariantTerms);
                if (n.defaultRule() != null) {
                    f.findInvariantTerms(n.defaultRule());
                }
            }
        });
        return f;
    }

    /** The rule nodes whose documents are computed from {@code input.parameters} alone (or from nothing). */
    List<RuleTree.Node> parameterDocuments() {
        return parameterDocuments;
    }

    /**
     * The one member of {@code input} a rule node's document is computed from, or null when it reads none, more,
     * or anything else (a complete, set or object rule without child nodes only).
     */
    String soleMember(RuleTree.Node node) {
        if (!node.hasRules() || node.isFunction() || node.hasChildren()) {
            return null;
        }
        Set<String> f = node(node);
        return f != ANY && f.size() == 1 ? f.iterator().next() : null;
    }

    /**
     * Whether a rule node's document is computed from {@code input.parameters} alone (or from nothing): a
     * complete, set or object rule without child nodes, whose rules read nothing else.
     */
    private boolean readsOnlyParameters(RuleTree.Node node) {
        if (!node.hasRules() || node.isFunction() || node.hasChildren()) {
            return false;
        }
        Set<String> f = node(node);
        return f != ANY && (f.isEmpty() || f.equals(Set.of(PARAMETERS)));
    }

    /**
     * The call terms and comprehensions, in rule order, that read {@code input.parameters} and nothing else and use
     * no variable of the rule around them: their value is the same wherever in an evaluation they are met.
     */
    List<Term> invariantTerms() {
        return invariantTerms;
    }

    private Set<String> node(RuleTree.Node node) {
        Set<String> known = nodes.get(node);
        if (known != null) {
            return known;
        }
        nodes.put(node, ANY);
        if (node.hasChildren()) {
            return ANY; // its document merges its children's and base data
        }
        Set<String> acc = new HashSet<>();
        boolean any = false;
        List<Rule> rules = new ArrayList<>(node.rules());
        if (node.defaultRule() != null) {
            rules.add(node.defaultRule());
        }
        for (Rule rule : rules) {
            for (Rule r = rule; r != null && !any; r = r.elseRule()) {
                any = add(acc, rule(r));
            }
        }
        Set<String> result = any ? ANY : Set.copyOf(acc);
        nodes.put(node, result);
        return result;
    }

    /** Adds a footprint to an accumulator; true when it reads anything (the accumulator is then moot). */
    private static boolean add(Set<String> acc, Set<String> f) {
        if (f == ANY) {
            return true;
        }
        acc.addAll(f);
        return false;
    }

    private Set<String> rule(Rule r) {
        Set<String> acc = new HashSet<>();
        for (Term a : r.args()) {
            if (add(acc, term(a))) {
                return ANY;
            }
        }
        if ((r.key() != null && add(acc, term(r.key()))) || (r.value() != null && add(acc, term(r.value())))) {
            return ANY;
        }
        return add(acc, body(r.body())) ? ANY : acc;
    }

    private Set<String> body(Body b) {
        Set<String> acc = new HashSet<>();
        for (Expr e : b.exprs()) {
            if (add(acc, expr(e))) {
                return ANY;
            }
        }
        return acc;
    }

    private Set<String> expr(Expr e) {
        if (!e.withs().isEmpty()) {
            return ANY;
        }
        return switch (e) {
            case Expr.TermExpr t -> term(t.term());
            case Expr.CallExpr c -> call(c.operator(), c.args());
            case Expr.SomeDecl s -> NONE;
            case Expr.SomeIn s -> all(s.key() == null ? List.of(s.value(), s.collection())
                    : List.of(s.key(), s.value(), s.collection()));
            case Expr.Logic l -> {
                Set<String> acc = new HashSet<>();
                for (Body op : l.operands()) {
                    if (add(acc, body(op))) {
                        yield ANY;
                    }
                }
                yield acc;
            }
            case Expr.Every ev -> {
                Set<String> acc = new HashSet<>();
                List<Term> ts = ev.key() == null ? List.of(ev.value(), ev.domain())
                        : List.of(ev.key(), ev.value(), ev.domain());
                yield add(acc, all(ts)) || add(acc, body(ev.body())) ? ANY : acc;
            }
        };
    }

    private Set<String> all(List<Term> ts) {
        Set<String> acc = new HashSet<>();
        for (Term t : ts) {
            if (add(acc, term(t))) {
                return ANY;
            }
        }
        return acc;
    }

    private Set<String> term(Term t) {
        return switch (t) {
            case Term.Scalar s -> NONE;
            // The whole input or data, as a value: anything.
            case Term.Var v -> v.name().equals("input") || v.name().equals("data") ? ANY : NONE;
            case Term.Ref r -> ref(r);
            case Term.ArrayTerm a -> all(a.elements());
            case Term.SetTerm s -> all(s.elements());
            case Term.ObjectTerm o -> {
                List<Term> ts = new ArrayList<>();
                for (Term.Entry e : o.entries()) {
                    ts.add(e.key());
                    ts.add(e.value());
                }
                yield all(ts);
            }
            case Term.ArrayComprehension c -> comprehension(List.of(c.head()), c.body());
            case Term.SetComprehension c -> comprehension(List.of(c.head()), c.body());
            case Term.ObjectComprehension c -> comprehension(List.of(c.key(), c.value()), c.body());
            case Term.Call c -> call(c.operator(), c.args());
            case Term.Template tpl -> tpl.withs().isEmpty() ? all(tpl.parts()) : ANY;
        };
    }

    private Set<String> comprehension(List<Term> heads, Body body) {
        Set<String> acc = new HashSet<>();
        return add(acc, all(heads)) || add(acc, body(body)) ? ANY : acc;
    }

    private Set<String> ref(Term.Ref r) {
        List<Term> ops = r.operands();
        if (r.head() instanceof Term.Var v && v.name().equals("input")) {
            if (ops.isEmpty() || !(ops.get(0) instanceof Term.Scalar s) || !(s.value() instanceof StringValue key)) {
                return ANY;
            }
            Set<String> acc = new HashSet<>(Set.of(key.value()));
            return add(acc, all(ops.subList(1, ops.size()))) ? ANY : acc;
        }
        if (r.head() instanceof Term.Var v && v.name().equals("data")) {
            // A path that ends at rules reads what they read; any other (base data, a whole package) anything.
            RuleTree.Node[] path = policy.dataPath(r);
            if (path == null || !path[path.length - 1].hasRules()) {
                return ANY;
            }
            Set<String> acc = new HashSet<>();
            return add(acc, node(path[path.length - 1])) || add(acc, all(ops.subList(path.length, ops.size())))
                    ? ANY : acc;
        }
        Set<String> acc = new HashSet<>();
        return add(acc, term(r.head())) || add(acc, all(ops)) ? ANY : acc;
    }

    private Set<String> call(Term.Ref operator, List<Term> args) {
        String name = names.get(operator);
        if (name == null) {
            return ANY;
        }
        if (CallNames.readsOnlyOperands(name)) {
            return all(args);
        }
        if (CallNames.readsMoreThanOperands(name)) {
            return ANY;
        }
        switch (name) {
            case "object.get" -> {
                // object.get(input, "k", default) reads input.k, as the reference input.k would.
                if (args.size() == 3 && args.get(0) instanceof Term.Var v && v.name().equals("input")
                        && args.get(1) instanceof Term.Scalar s && s.value() instanceof StringValue key) {
                    Set<String> acc = new HashSet<>(Set.of(key.value()));
                    return add(acc, term(args.get(2))) ? ANY : acc;
                }
            }
            default -> { }
        }
        CallTarget target = names.target(name);
        if (target == null) {
            return ANY;
        }
        Set<String> acc = new HashSet<>();
        if (target.function() != null) {
            if (add(acc, node(target.function()))) {
                return ANY;
            }
        } else {
            Builtin b = target.builtin();
            if (b == null || b.decl().nondeterministic()) {
                return ANY;
            }
        }
        return add(acc, all(args)) ? ANY : acc;
    }

    // ------------------------------------------------------------------ closed terms

    private void findInvariantTerms(Rule rule) {
        for (Rule r = rule; r != null; r = r.elseRule()) {
            List<Term> roots = new ArrayList<>(r.args());
            if (r.key() != null) {
                roots.add(r.key());
            }
            if (r.value() != null) {
                roots.add(r.value());
            }
            Rule current = r;
            java.util.function.Consumer<Term> find = new java.util.function.Consumer<>() {
                @Override
                public void accept(Term t) {
                    if ((t instanceof Term.Call || isComprehension(t)) && isInvariant(t)
                            && isClosed(t, roots, current.body())) {
                        invariantTerms.add(t);
                    } else if (!isComprehension(t)) {
                        TermMapper.children(t, this); // a comprehension's inside may close over its own variables
                    }
                }
            };
            roots.forEach(find);
            TermMapper.topLevelTerms(r.body(), find);
        }
    }

    /** Whether a call term or comprehension reads parameters and nothing else (a comprehension: or nothing). */
    private boolean isInvariant(Term t) {
        Set<String> f = term(t);
        if (f == ANY) {
            return false;
        }
        boolean comprehension = !(t instanceof Term.Call);
        return f.equals(Set.of(PARAMETERS)) || (comprehension && f.isEmpty());
    }

    /**
     * Whether a term uses no variable of its rule: none of its variables occurs in the rule outside it, except
     * inside comprehensions that do not contain it (their variables are their own unless the rule binds them).
     * A variable the rule may bind elsewhere makes the term a closure over it.
     */
    private static boolean isClosed(Term t, List<Term> roots, Body body) {
        Set<String> own = new HashSet<>();
        TermMapper.visit(t, x -> {
            if (x instanceof Term.Var v && !v.name().equals("input") && !v.name().equals("data")) {
                own.add(v.name());
            }
        });
        if (own.isEmpty()) {
            return true;
        }
        boolean[] captured = {false};
        java.util.function.Consumer<Term> outer = new java.util.function.Consumer<>() {
            @Override
            public void accept(Term x) {
                if (captured[0] || x == t || (isComprehension(x) && !contains(x, t))) {
                    return;
                }
                if (x instanceof Term.Var v && own.contains(v.name())) {
                    captured[0] = true;
                    return;
                }
                TermMapper.children(x, this);
            }
        };
        roots.forEach(outer);
        TermMapper.topLevelTerms(body, outer);
        return !captured[0];
    }

    private static boolean isComprehension(Term t) {
        return t instanceof Term.ArrayComprehension || t instanceof Term.SetComprehension
                || t instanceof Term.ObjectComprehension;
    }

    private static boolean contains(Term root, Term target) {
        boolean[] found = {false};
        TermMapper.visit(root, x -> found[0] |= x == target);
        return found[0];
    }
}
