package dev.gatehouse.rego.compiler;

import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.builtins.Builtin;
import dev.gatehouse.rego.value.Value;
import java.util.List;

/**
 * The first expression of a function definition's body when its outcome depends only on the parameters: a
 * comparison of a parameter (or a path into one) with a constant ({@code field == "runAsUser"}, {@code
 * review.operation == "UPDATE"}, {@code params.rule = "MustRunAs"}), a path into a parameter used as a test
 * ({@code object[field]}), or a fresh variable bound to such a path ({@code out = obj.securityContext[field]}). It
 * runs first, with only the parameters bound, so its outcome is known from the arguments alone; when it fails, the
 * definition has no solution, and the evaluator skips the definition without setting up its bindings. Definitions
 * of one function typically differ in such a test, and helpers typically start by reading a path that may be
 * missing, so many definitions a call tries fail right there.
 *
 * <p>A comparison is the builtin the policy resolved for the operator ({@code =} compares by equality, as
 * unification of ground terms does), so a replaced comparison builtin is honoured. Immutable; thread-safe.
 *
 * @param kind          what the expression requires of the path's value
 * @param param         the index of the parameter the path starts from (its first occurrence, which binds it)
 * @param path          the keys read from the argument, constants where {@code pathParams} has -1
 * @param pathParams    for each key, the index of the parameter that is the key, or -1 for a constant key
 * @param constant      the constant compared with ({@link Kind#COMPARE} only)
 * @param constantFirst whether the constant is the comparison's first argument
 * @param compare       the comparison builtin, or null for unification ({@code =}), which tests equality
 */
public record FunctionGuard(Kind kind, int param, Value[] path, int[] pathParams, Value constant,
                            boolean constantFirst, Builtin compare) {

    /** What the first expression requires of the value the path reads. */
    public enum Kind {
        /** A comparison with a constant that answers true. */
        COMPARE,
        /** A defined value other than {@code false} (the path used as a test). */
        TRUTHY,
        /** A defined value (the path bound to a fresh variable). */
        DEFINED
    }

    /** The guard of a definition, or null when its body does not start with one. */
    static FunctionGuard of(Term[] params, List<Expr> body, CallNames names) {
        if (body.isEmpty() || body.get(0).negated() || !body.get(0).withs().isEmpty()) {
            return null;
        }
        if (body.get(0) instanceof Expr.TermExpr t) {
            return path(Kind.TRUTHY, t.term(), params, null, false, null);
        }
        if (!(body.get(0) instanceof Expr.CallExpr c) || c.args().size() != 2) {
            return null;
        }
        CallSite site = names.site(c.operator());
        if (site == null) {
            return null;
        }
        Term a = c.args().get(0);
        Term b = c.args().get(1);
        boolean unify = site.kind() == CallSite.Kind.UNIFY;
        if (unify && (isLocal(a, params) || isLocal(b, params))) {
            // A variable no parameter names is unbound in the first expression: it binds to the path's value.
            return path(Kind.DEFINED, isLocal(a, params) ? b : a, params, null, false, null);
        }
        Builtin compare;
        if (unify && site.name().equals("eq")) {
            compare = null;
        } else if (site.kind() == CallSite.Kind.BUILTIN && CallNames.isComparison(site.name())) {
            compare = site.target().builtin();
        } else {
            return null;
        }
        boolean constantFirst = a instanceof Term.Scalar;
        Term.Scalar constant = constantFirst ? (Term.Scalar) a : b instanceof Term.Scalar s ? s : null;
        if (constant == null) {
            return null;
        }
        return path(Kind.COMPARE, constantFirst ? b : a, params, constant.value(), constantFirst, compare);
    }

    /** Whether a term is a variable that names no parameter (nor a root document). */
    private static boolean isLocal(Term t, Term[] params) {
        return t instanceof Term.Var v && !v.name().equals("input") && !v.name().equals("data")
                && paramIndex(v, params) < 0;
    }

    /** The first parameter that is this variable, or -1. */
    private static int paramIndex(Term.Var v, Term[] params) {
        for (int i = 0; i < params.length; i++) {
            if (params[i] instanceof Term.Var p && p.name().equals(v.name())) {
                return i;
            }
        }
        return -1;
    }

    /** A guard reading {@code read}: a parameter, or a reference into one whose keys are constants or parameters. */
    private static FunctionGuard path(Kind kind, Term read, Term[] params, Value constant, boolean constantFirst,
                                      Builtin compare) {
        Term.Var head;
        List<Term> ops;
        if (read instanceof Term.Var v) {
            head = v;
            ops = List.of();
        } else if (read instanceof Term.Ref r && r.head() instanceof Term.Var v) {
            head = v;
            ops = r.operands();
        } else {
            return null;
        }
        int param = paramIndex(head, params);
        if (param < 0 || head.name().equals("input") || head.name().equals("data")) {
            return null;
        }
        Value[] path = new Value[ops.size()];
        int[] pathParams = new int[ops.size()];
        for (int i = 0; i < path.length; i++) {
            Term op = ops.get(i);
            if (op instanceof Term.Scalar s) {
                path[i] = s.value();
                pathParams[i] = -1;
            } else if (op instanceof Term.Var v && paramIndex(v, params) >= 0) {
                pathParams[i] = paramIndex(v, params);
            } else {
                return null; // a local variable would enumerate; anything else is computed
            }
        }
        return new FunctionGuard(kind, param, path, pathParams, constant, constantFirst, compare);
    }
}
