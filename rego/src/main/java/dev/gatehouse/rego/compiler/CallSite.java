package dev.gatehouse.rego.compiler;

/**
 * A call operator of a compiled policy, resolved once at compile time: its dotted name, what the name denotes and
 * how the evaluator dispatches it, so that a call costs one lookup instead of name comparisons and several map
 * lookups. Immutable.
 *
 * @param name   the interned dotted name ({@code data.pkg.f}, {@code regex.match})
 * @param target the function and/or builtin the name denotes
 * @param kind   how the evaluator dispatches the call when no {@code with} replaces it
 * @param arity  the declared number of arguments when no {@code with} replaces it (a call with one more binds the
 *               result to the last), or -1 when it takes any number (variadic builtins, unknown names)
 * @param results where the call term's values are kept by parameters when it reads nothing but
 *               {@code input.parameters} and no variable of its rule (see {@link InputFootprints}), or null
 */
public record CallSite(String name, CallTarget target, Kind kind, int arity, InvariantValues results) {

    /** Dispatch classes of a call. */
    public enum Kind {
        /** {@code =} and {@code :=}: unification. */
        UNIFY,
        /** {@code print}: output, evaluated for its side effect. */
        PRINT,
        /** Calls the evaluator answers itself ({@code internal.member_2}, {@code rego.metadata.rule}, ...). */
        EVALUATOR,
        /** A user function (possibly shadowing a builtin): at most one result. */
        FUNCTION,
        /** A builtin with at most one result. */
        BUILTIN,
        /** A builtin that may yield several results, or an unknown name. */
        OTHER
    }

    /** This site, keeping its term's values by parameters when it has exactly one (a function or a builtin). */
    CallSite keepingResults() {
        return kind == Kind.FUNCTION || kind == Kind.BUILTIN
                ? new CallSite(name, target, kind, arity, new InvariantValues()) : this;
    }

    static CallSite of(String name, CallTarget target, int functionArity) {
        Kind kind;
        if (name.equals("eq") || name.equals("assign")) {
            kind = Kind.UNIFY;
        } else if (name.equals("print") || name.equals("internal.print")) {
            kind = Kind.PRINT;
        } else if (name.equals("internal.member_2") || name.equals("internal.member_3")
                || name.equals("rego.metadata.rule") || name.equals("rego.metadata.chain")) {
            kind = Kind.EVALUATOR;
        } else if (target.function() != null) {
            kind = Kind.FUNCTION;
        } else if (target.builtin() != null && target.builtin().function() != null) {
            kind = Kind.BUILTIN;
        } else {
            kind = Kind.OTHER;
        }
        // As the evaluator's arity: a builtin's declaration first, then the evaluator's own calls, then functions.
        int arity = -1;
        if (target.builtin() != null) {
            arity = target.builtin().decl().variadic() ? -1 : target.builtin().decl().arity();
        } else if (name.equals("internal.member_2")) {
            arity = 2;
        } else if (name.equals("internal.member_3")) {
            arity = 3;
        } else if (name.equals("rego.metadata.rule") || name.equals("rego.metadata.chain")) {
            arity = 0;
        } else if (target.function() != null) {
            arity = functionArity;
        }
        return new CallSite(name, target, kind, arity, null);
    }
}
