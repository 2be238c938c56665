package dev.gatehouse.rego.compiler;

import dev.gatehouse.rego.ast.Rule;
import dev.gatehouse.rego.ast.Term;

/**
 * One definition of a user function in the form the evaluator runs on every call: its parameters as an array (no
 * list dispatch per parameter), whether any of them is a computed value compared only after the body, and its else
 * branch in the same form. These depend only on the rule, so they are worked out once at compile time rather than
 * on each call. Immutable; thread-safe.
 */
public final class FunctionRule {
    private final Rule rule;
    private final Term[] params;
    private final boolean deferredParams;
    private final FunctionRule elseRule;
    private final FunctionGuard guard;

    private FunctionRule(Rule rule, FunctionRule elseRule, CallNames names) {
        this.rule = rule;
        this.params = rule.args().toArray(Term[]::new);
        this.guard = names == null ? null : FunctionGuard.of(params, rule.body().exprs(), names);
        boolean deferred = false;
        for (Term p : params) {
            deferred |= isDeferred(p);
        }
        this.deferredParams = deferred;
        this.elseRule = elseRule;
    }

    /** A definition and its else branches, with their call sites resolved by {@code names}. */
    static FunctionRule of(Rule rule, CallNames names) {
        return new FunctionRule(rule, rule.elseRule() == null ? null : of(rule.elseRule(), names), names);
    }

    /**
     * Whether a parameter is a computed value (template string, ref, call): it may use variables the body binds
     * ({@code f($"{x}") if x = "a"}), so it is compared with its argument after the body.
     */
    public static boolean isDeferred(Term param) {
        return param instanceof Term.Template || param instanceof Term.Call || param instanceof Term.Ref;
    }

    public Rule rule() { return rule; }

    public int arity() { return params.length; }

    /** The parameter at a position, {@code 0 <= i < arity()}. */
    public Term param(int i) { return params[i]; }

    /** Whether some parameter {@link #isDeferred is deferred}. */
    public boolean hasDeferredParams() { return deferredParams; }

    /** The test the definition's body starts with, when it reads only a parameter; else null. */
    public FunctionGuard guard() { return guard; }

    /** The next else branch, or null. */
    public FunctionRule elseRule() { return elseRule; }
}
