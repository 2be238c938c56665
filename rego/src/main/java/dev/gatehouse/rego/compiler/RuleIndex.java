package dev.gatehouse.rego.compiler;

import dev.gatehouse.rego.ast.Body;
import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Refs;
import dev.gatehouse.rego.ast.Rule;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An index over the rules of one node for the simple equality fragment: rules whose body requires
 * {@code input.a.b == <constant>} (or {@code =}) are grouped by the constant, so evaluation visits only the rules
 * whose constant equals the input's value (plus the rules that have no such condition). Rule order is preserved.
 * Immutable after construction; thread-safe.
 */
public final class RuleIndex {
    /** Nodes with fewer rules gain nothing from an index. */
    static final int MIN_RULES = 4;

    private final List<Value> inputPath;
    private final Map<Value, Set<Rule>> byValue;
    private final Set<Rule> unindexed;
    private final List<Rule> rules;

    private RuleIndex(List<Value> inputPath, Map<Value, Set<Rule>> byValue, Set<Rule> unindexed, List<Rule> rules) {
        this.inputPath = List.copyOf(inputPath);
        this.byValue = byValue;
        this.unindexed = unindexed;
        this.rules = rules;
    }

    /** The path under {@code input} the index keys on. */
    public List<Value> inputPath() {
        return inputPath;
    }

    /** The rules that can match when the input has {@code value} at the path (null: the path is undefined). */
    public List<Rule> candidates(Value value) {
        Set<Rule> matched = value == null ? Set.of() : byValue.getOrDefault(value, Set.of());
        List<Rule> out = new ArrayList<>();
        for (Rule r : rules) {
            if (unindexed.contains(r) || matched.contains(r)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Builds an index for the rules, or returns null when no input path is shared by enough of them. */
    static RuleIndex build(List<Rule> rules) {
        if (rules.size() < MIN_RULES) {
            return null;
        }
        Map<List<Value>, Integer> pathCounts = new HashMap<>();
        List<Map.Entry<List<Value>, Value>> conditions = new ArrayList<>();
        for (Rule r : rules) {
            Map.Entry<List<Value>, Value> c = r.elseRule() == null ? condition(r.body()) : null;
            conditions.add(c);
            if (c != null) {
                pathCounts.merge(c.getKey(), 1, Integer::sum);
            }
        }
        List<Value> best = null;
        int bestCount = 1;
        for (Map.Entry<List<Value>, Integer> e : pathCounts.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        if (best == null) {
            return null;
        }
        Map<Value, Set<Rule>> byValue = new HashMap<>();
        Set<Rule> unindexed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < rules.size(); i++) {
            Map.Entry<List<Value>, Value> c = conditions.get(i);
            if (c != null && c.getKey().equals(best)) {
                byValue.computeIfAbsent(c.getValue(), k -> Collections.newSetFromMap(new IdentityHashMap<>()))
                        .add(rules.get(i));
            } else {
                unindexed.add(rules.get(i));
            }
        }
        return new RuleIndex(best, byValue, unindexed, List.copyOf(rules));
    }

    /** The first conjunct of the form input.path == constant (either side, = or ==), as (path, constant). */
    private static Map.Entry<List<Value>, Value> condition(Body body) {
        for (Expr e : body.exprs()) {
            if (!(e instanceof Expr.CallExpr c) || c.negated() || !c.withs().isEmpty()) {
                continue;
            }
            String name = c.name();
            if (!("eq".equals(name) || "equal".equals(name)) || c.args().size() != 2) {
                continue;
            }
            Map.Entry<List<Value>, Value> m = match(c.args().get(0), c.args().get(1));
            if (m == null) {
                m = match(c.args().get(1), c.args().get(0));
            }
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    private static Map.Entry<List<Value>, Value> match(Term ref, Term constant) {
        if (!(ref instanceof Term.Ref r) || !"input".equals(Refs.headName(r)) || !(constant instanceof Term.Scalar s)) {
            return null;
        }
        List<Value> path = new ArrayList<>();
        for (Term op : r.operands()) {
            if (!(op instanceof Term.Scalar os) || !(os.value() instanceof StringValue)) {
                return null;
            }
            path.add(os.value());
        }
        return path.isEmpty() ? null : Map.entry(path, s.value());
    }
}
