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
    private final Frame frame;

    private FunctionRule(Rule rule, FunctionRule elseRule, Frame frame) {
        this.rule = rule;
        this.frame = frame;
        this.params = rule.args().toArray(Term[]::new);
        boolean deferred = false;
        for (Term p : params) {
            deferred |= isDeferred(p);
        }
        this.deferredParams = deferred;
        this.elseRule = elseRule;
    }

    /** A definition and its else branches, whose bindings are laid out by {@code frame}. */
    static FunctionRule of(Rule rule, Frame frame) {
        return new FunctionRule(rule, rule.elseRule() == null ? null : of(rule.elseRule(), frame), frame);
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

    /** The layout of the definition's bindings (shared by its else branches). */
    public Frame frame() { return frame; }

    /** The next else branch, or null. */
    public FunctionRule elseRule() { return elseRule; }
}
