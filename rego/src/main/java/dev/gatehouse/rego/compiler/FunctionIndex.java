package dev.gatehouse.rego.compiler;

import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An index over the definitions of one function by a constant parameter: for {@code mem_multiple("Gi") = ...}
 * and its siblings, a call tries only the definitions whose constant equals the argument (plus those with no
 * constant at that position), instead of unifying every definition's parameters. A constant parameter unifies
 * with an argument exactly when they are equal, so skipping the others changes no result; rule order is kept,
 * so conflicts are reported as before. Immutable; thread-safe.
 */
public final class FunctionIndex {
    /** Functions with fewer constant-parameter definitions gain nothing from an index. */
    static final int MIN_RULES = 3;

    private final int position;
    private final Map<Value, FunctionRule[]> byValue;
    private final FunctionRule[] otherwise;

    private FunctionIndex(int position, Map<Value, FunctionRule[]> byValue, FunctionRule[] otherwise) {
        this.position = position;
        this.byValue = byValue;
        this.otherwise = otherwise;
    }

    /** The definitions that may match a call with these arguments, in definition order; never modify it. */
    FunctionRule[] candidates(Value[] args) {
        if (args.length <= position) {
            return otherwise;
        }
        FunctionRule[] rules = byValue.get(args[position]);
        return rules == null ? otherwise : rules;
    }

    /** Builds an index for a function's definitions, or returns null when no parameter position is worth it. */
    static FunctionIndex build(FunctionRule[] rules) {
        if (rules.length < MIN_RULES) {
            return null;
        }
        int arity = rules[0].arity();
        int best = -1;
        int bestCount = MIN_RULES - 1;
        for (int p = 0; p < arity; p++) {
            int count = 0;
            for (FunctionRule r : rules) {
                if (constantAt(r, p) != null) {
                    count++;
                }
            }
            if (count > bestCount) {
                best = p;
                bestCount = count;
            }
        }
        if (best < 0) {
            return null;
        }
        Set<Value> constants = new LinkedHashSet<>();
        for (FunctionRule r : rules) {
            Value c = constantAt(r, best);
            if (c != null) {
                constants.add(c);
            }
        }
        Map<Value, FunctionRule[]> byValue = new HashMap<>();
        for (Value c : constants) {
            List<FunctionRule> matching = new ArrayList<>();
            for (FunctionRule r : rules) {
                Value rc = constantAt(r, best);
                if (rc == null || rc.equals(c)) {
                    matching.add(r);
                }
            }
            byValue.put(c, matching.toArray(FunctionRule[]::new));
        }
        List<FunctionRule> otherwise = new ArrayList<>();
        for (FunctionRule r : rules) {
            if (constantAt(r, best) == null) {
                otherwise.add(r);
            }
        }
        return new FunctionIndex(best, Map.copyOf(byValue), otherwise.toArray(FunctionRule[]::new));
    }

    /**
     * The constant parameter at a position shared by a rule and all its else branches (they are tried with the
     * same arguments), or null when some branch has something else there or a different arity.
     */
    private static Value constantAt(FunctionRule rule, int p) {
        Value c = null;
        for (FunctionRule r = rule; r != null; r = r.elseRule()) {
            if (r.arity() <= p || !(r.param(p) instanceof Term.Scalar s)) {
                return null;
            }
            if (c != null && !c.equals(s.value())) {
                return null;
            }
            c = s.value();
        }
        return c;
    }
}
