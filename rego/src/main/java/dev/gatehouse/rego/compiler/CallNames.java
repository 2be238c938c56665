package dev.gatehouse.rego.compiler;

import dev.gatehouse.rego.ast.Body;
import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Refs;
import dev.gatehouse.rego.ast.Rule;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.builtins.Builtins;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The dotted names of the call operators of a compiled policy ({@code data.pkg.f}, {@code regex.match}), resolved
 * once at compile time and keyed by the operator's identity, so the evaluator does not rebuild a name string on
 * every call. Names are interned: equal names are the same string, whose hash is computed once. Read-only after
 * construction; thread-safe.
 */
final class CallNames {
    private final Map<Term.Ref, String> names = new IdentityHashMap<>();
    private final Map<String, String> interned = new java.util.HashMap<>();
    /** What each interned name resolves to, keyed by identity: looking a name up costs no string hashing. */
    private final Map<String, CallTarget> targets = new IdentityHashMap<>();
    /**
     * Each operator's resolution, also stored on the operator ({@link Term.Ref#resolution()}); this open-addressing
     * identity table answers for an operator shared with a policy that wrote its resolution last.
     */
    private final Object[] sites; // operator at 2i, its CallSite at 2i + 1: one cache line serves both

    /** What names resolve to, for operators of queries compiled against the policy later. */
    private final Map<String, RuleTree.Node> functions;
    private final Builtins builtins;

    CallNames(RuleTree tree, Map<String, RuleTree.Node> functions, Builtins builtins) {
        this.functions = functions;
        this.builtins = builtins;
        node(tree.root());
        for (String name : interned.values()) {
            targets.put(name, new CallTarget(functions.get(name), builtins.get(name)));
        }
        // At most a quarter full, so that a lookup (one per call the evaluator makes) mostly probes one slot.
        int capacity = Integer.highestOneBit(Math.max(4, names.size() * 4 - 1)) << 1;
        sites = new Object[capacity * 2];
        names.forEach((operator, name) -> {
            if (name != null) {
                CallTarget target = targets.get(name);
                int i = slot(operator, capacity - 1);
                while (sites[2 * i] != null) {
                    i = (i + 1) & (capacity - 1);
                }
                CallSite site = CallSite.of(name, target, CompiledPolicy.arityOf(target.function()));
                sites[2 * i] = operator;
                sites[2 * i + 1] = site;
                operator.resolution().set(this, site);
            }
        });
    }

    private static int slot(Term.Ref operator, int mask) {
        int h = System.identityHashCode(operator);
        return (h ^ (h >>> 16)) & mask;
    }

    /** The resolved call site of an operator, or null when the operator was not seen at compile time. */
    CallSite site(Term.Ref operator) {
        // Usually stored on the operator itself; the table answers for an operator another policy wrote last.
        Object stored = operator.resolution().get(this);
        if (stored != null) {
            return (CallSite) stored;
        }
        Object[] table = sites;
        int mask = (table.length >> 1) - 1;
        for (int i = slot(operator, mask); ; i = (i + 1) & mask) {
            Object k = table[2 * i];
            if (k == operator) {
                return (CallSite) table[2 * i + 1];
            }
            if (k == null) {
                return null;
            }
        }
    }

    /**
     * Leaves on the operators of a query compiled against this policy their call sites, as the policy's own
     * operators have theirs, so that the evaluator dispatches a query's calls (the driver's {@code x =
     * data.pkg.violation}) the way it dispatches the policy's. Only on the operators: the tables stay as built, and
     * an operator another policy resolved last is looked up as unresolved, which costs speed, never correctness.
     * Before the query is published.
     */
    void resolveQuery(Body query) {
        java.util.function.Consumer<Term.Ref> resolve = operator -> {
            String name = Refs.nameOf(operator);
            if (name != null) {
                String known = interned.get(name);
                CallTarget target = known != null ? targets.get(known)
                        : new CallTarget(functions.get(name), builtins.get(name));
                operator.resolution().set(this,
                        CallSite.of(name, target, CompiledPolicy.arityOf(target.function())));
            }
        };
        TermMapper.forEachExpr(query, e -> {
            if (e instanceof Expr.CallExpr c) {
                resolve.accept(c.operator());
            }
        });
        TermMapper.visitBody(query, t -> {
            if (t instanceof Term.Call c) {
                resolve.accept(c.operator());
            }
        });
    }

    /** Makes an operator's call term keep its values by parameters ({@link CallSite#keepingResults}). */
    void keepResults(Term.Ref operator) {
        Object[] table = sites;
        int mask = (table.length >> 1) - 1;
        for (int i = slot(operator, mask); table[2 * i] != null; i = (i + 1) & mask) {
            if (table[2 * i] == operator) {
                CallSite site = ((CallSite) table[2 * i + 1]).keepingResults();
                table[2 * i + 1] = site;
                operator.resolution().set(this, site);
                return;
            }
        }
    }

    /** Whether a builtin compares two values and answers only true or false ({@code ==}, {@code <}, ...). */
    static boolean isComparison(String name) {
        return switch (name) {
            case "equal", "neq", "lt", "lte", "gt", "gte" -> true;
            default -> false;
        };
    }

    /** Whether a call the evaluator answers itself depends on its operands alone (unification, membership). */
    static boolean readsOnlyOperands(String name) {
        return switch (name) {
            case "eq", "assign", "internal.member_2", "internal.member_3" -> true;
            default -> false;
        };
    }

    /**
     * Whether a call depends on more than its operands or has effects, without its builtin being declared
     * nondeterministic: output ({@code print}, {@code trace}), the rule being evaluated ({@code rego.metadata.*}),
     * and certificate verification, which reads the query's time (as in OPA).
     */
    static boolean readsMoreThanOperands(String name) {
        return switch (name) {
            case "print", "internal.print", "trace", "rego.metadata.rule", "rego.metadata.chain" -> true;
            default -> name.startsWith("crypto.x509.parse_and_verify");
        };
    }

    /** The resolution of a name returned by {@link #get}, or null for any other string (even an equal one). */
    CallTarget target(String name) {
        return targets.get(name);
    }

    /** The operator's dotted name, or null when the operator was not seen at compile time. */
    String get(Term.Ref operator) {
        return names.get(operator);
    }

    private void node(RuleTree.Node node) {
        for (Rule r : node.rules()) {
            rule(r);
        }
        if (node.defaultRule() != null) {
            rule(node.defaultRule());
        }
        for (RuleTree.Node child : node.children().values()) {
            node(child);
        }
    }

    private void rule(Rule rule) {
        for (Rule r = rule; r != null; r = r.elseRule()) {
            r.args().forEach(this::term);
            r.ref().operands().forEach(this::term);
            if (r.key() != null) {
                term(r.key());
            }
            if (r.value() != null) {
                term(r.value());
            }
            body(r.body());
        }
    }

    private void body(Body body) {
        TermMapper.forEachExpr(body, e -> {
            if (e instanceof Expr.CallExpr c) {
                add(c.operator());
            }
        });
        TermMapper.visitBody(body, this::visited);
    }

    private void term(Term t) {
        TermMapper.visit(t, this::visited);
    }

    private void visited(Term t) {
        switch (t) {
            case Term.Call c -> add(c.operator());
            case Term.ArrayComprehension c -> body(c.body());
            case Term.SetComprehension c -> body(c.body());
            case Term.ObjectComprehension c -> body(c.body());
            default -> { }
        }
    }

    private void add(Term.Ref operator) {
        if (names.containsKey(operator)) {
            return;
        }
        String name = Refs.nameOf(operator);
        names.put(operator, name == null ? null : interned.computeIfAbsent(name, n -> n));
    }
}
