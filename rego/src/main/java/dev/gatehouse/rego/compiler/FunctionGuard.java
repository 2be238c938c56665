package dev.gatehouse.rego.compiler;

import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.builtins.Builtin;
import dev.gatehouse.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The first expression of a function definition's body when it compares a parameter (or a constant path into one)
 * with a constant: {@code field == "runAsUser"}, {@code review.operation == "UPDATE"}, {@code params.rule =
 * "MustRunAs"}. It runs first, with only the parameters bound, so its outcome is known from the arguments alone;
 * when it fails, the definition has no solution, and the evaluator skips the definition without setting up its
 * bindings. Definitions of one function typically differ in such a test, so most calls try several definitions
 * that fail right there.
 *
 * <p>The comparison is the builtin the policy resolved for the operator ({@code =} compares by equality, as
 * unification of ground terms does), so a replaced comparison builtin is honoured. Immutable; thread-safe.
 *
 * @param param         the index of the parameter the expression reads (its first occurrence, which binds it)
 * @param path          the constant keys read from the argument ({@code review.operation}: {@code "operation"})
 * @param constant      the constant it is compared with
 * @param constantFirst whether the constant is the comparison's first argument
 * @param compare       the comparison builtin, or null for unification ({@code =}), which tests equality
 */
public record FunctionGuard(int param, Value[] path, Value constant, boolean constantFirst, Builtin compare) {

    /** Builtins that compare two values and only answer true or false. */
    private static final Set<String> COMPARISONS = Set.of("equal", "neq", "lt", "lte", "gt", "gte");

    /** The guard of a definition, or null when its body does not start with one. */
    static FunctionGuard of(Term[] params, List<Expr> body, CallNames names) {
        if (body.isEmpty() || !(body.get(0) instanceof Expr.CallExpr c) || c.negated() || !c.withs().isEmpty()
                || c.args().size() != 2) {
            return null;
        }
        CallSite site = names.site(c.operator());
        if (site == null) {
            return null;
        }
        Builtin compare;
        if (site.kind() == CallSite.Kind.UNIFY && site.name().equals("eq")) {
            compare = null;
        } else if (site.kind() == CallSite.Kind.BUILTIN && COMPARISONS.contains(site.name())) {
            compare = site.target().builtin();
        } else {
            return null;
        }
        Term a = c.args().get(0);
        Term b = c.args().get(1);
        boolean constantFirst = a instanceof Term.Scalar;
        Term.Scalar constant = constantFirst ? (Term.Scalar) a : b instanceof Term.Scalar s ? s : null;
        Term read = constantFirst ? b : a;
        if (constant == null || read instanceof Term.Scalar) {
            return null;
        }
        Term.Var var;
        List<Value> path = new ArrayList<>();
        if (read instanceof Term.Var v) {
            var = v;
        } else if (read instanceof Term.Ref r && r.head() instanceof Term.Var v) {
            var = v;
            for (Term op : r.operands()) {
                if (!(op instanceof Term.Scalar s)) {
                    return null;
                }
                path.add(s.value());
            }
        } else {
            return null;
        }
        for (int i = 0; i < params.length; i++) {
            if (params[i] instanceof Term.Var p && p.name().equals(var.name())) {
                // Only a plain parameter: input and data are never parameters' names here (they cannot be bound).
                return p.name().equals("input") || p.name().equals("data") ? null
                        : new FunctionGuard(i, path.toArray(Value[]::new), constant.value(), constantFirst, compare);
            }
        }
        return null;
    }
}
