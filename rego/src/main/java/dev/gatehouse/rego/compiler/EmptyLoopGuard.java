package dev.gatehouse.rego.compiler;

import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Rule;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.Value;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A function every definition of which loops over a value computed from {@code input.parameters} alone, before
 * anything that could fail otherwise than by being undefined: the Gatekeeper library's exemption check,
 *
 * <pre>{@code
 * is_exempt(container) {
 *     exempt_images := object.get(object.get(input, "parameters", {}), "exemptImages", [])
 *     img := container.image
 *     exemption := exempt_images[_]
 *     _matches_exemption(img, exemption)
 * }
 * }</pre>
 *
 * When that value, kept by parameters on its call site ({@link InvariantValues}), is known and has no member (an
 * empty collection, a scalar, or undefined), every definition fails at its loop whatever the arguments are, so a
 * call is undefined: the evaluator answers it without arguments hashed, a frame or a cache entry. Most constraints
 * exempt nothing, and templates call such a check for every container. While the value is not yet known, the call
 * runs as usual (and the first evaluation stores the value).
 *
 * <p>What may come between the assignment and the loop is limited to assignments of paths (a parameter or local
 * variable and constant keys), which can fail but never raise an error, so skipping them changes nothing.
 * Immutable; thread-safe.
 *
 * @param owner the policy whose call sites keep the values (a node shared by another policy reads none)
 * @param values the kept values of each definition's collection
 */
public record EmptyLoopGuard(CompiledPolicy owner, InvariantValues[] values) {

    /** Whether every definition is known to fail for these parameters. */
    public boolean fails(Value parameters) {
        for (InvariantValues v : values) {
            Value collection = v.get(parameters);
            if (collection == null || hasMembers(collection)) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasMembers(Value v) {
        return switch (v) {
            case ArrayValue a -> a.size() > 0;
            case ObjectValue o -> o.size() > 0;
            case SetValue s -> !s.isEmpty();
            default -> false;
        };
    }

    /** The guard of a function node, or null when one of its definitions (or a default or else) has none. */
    static EmptyLoopGuard of(CompiledPolicy owner, RuleTree.Node node, CallNames names) {
        if (node.defaultRule() != null || node.rules().isEmpty()) {
            return null;
        }
        InvariantValues[] values = new InvariantValues[node.rules().size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = loopedValues(node.rules().get(i), names);
            if (values[i] == null) {
                return null;
            }
        }
        return new EmptyLoopGuard(owner, values);
    }

    /** Where a definition's looped collection is kept, or null when the definition does not have the shape. */
    private static InvariantValues loopedValues(Rule r, CallNames names) {
        List<Expr> body = r.body().exprs();
        if (r.elseRule() != null || body.size() < 2) {
            return null;
        }
        Set<String> bound = new HashSet<>();
        for (Term a : r.args()) {
            if (!(a instanceof Term.Var v)) {
                return null;
            }
            bound.add(v.name());
        }
        Term[] first = assignment(body.get(0));
        if (first == null || !(first[0] instanceof Term.Var collection) || bound.contains(collection.name())
                || !(first[1] instanceof Term.Call call)) {
            return null;
        }
        CallSite site = names.site(call.operator());
        if (site == null || site.results() == null) {
            return null; // not computed from the parameters alone
        }
        bound.add(collection.name());
        for (int i = 1; i < body.size(); i++) {
            Expr e = body.get(i);
            Term[] a = assignment(e);
            if (a != null && a[0] instanceof Term.Var member && !bound.contains(member.name())
                    && a[1] instanceof Term.Ref ref && ref.head() instanceof Term.Var head
                    && head.name().equals(collection.name()) && ref.operands().size() == 1
                    && ref.operands().get(0) instanceof Term.Var key && key.name().startsWith("$_")) {
                return site.results(); // the loop: no member, no solution
            }
            if (a == null || !(a[0] instanceof Term.Var local) || bound.contains(local.name())
                    || !isPath(a[1], bound)) {
                return null;
            }
            bound.add(local.name());
        }
        return null;
    }

    /** The target and value of {@code x := v} or {@code x = v} (either way round), or null. */
    private static Term[] assignment(Expr e) {
        if (!(e instanceof Expr.CallExpr c) || c.negated() || !c.withs().isEmpty() || c.args().size() != 2
                || !("assign".equals(c.name()) || "eq".equals(c.name()))) {
            return null;
        }
        Term a = c.args().get(0);
        Term b = c.args().get(1);
        return a instanceof Term.Var ? new Term[] {a, b} : b instanceof Term.Var ? new Term[] {b, a} : null;
    }

    /** A bound variable, or a reference from one through constant keys: it can be undefined, never an error. */
    private static boolean isPath(Term t, Set<String> bound) {
        if (t instanceof Term.Var v) {
            return bound.contains(v.name());
        }
        return t instanceof Term.Ref r && r.head() instanceof Term.Var h && bound.contains(h.name())
                && r.operands().stream().allMatch(o -> o instanceof Term.Scalar);
    }
}
