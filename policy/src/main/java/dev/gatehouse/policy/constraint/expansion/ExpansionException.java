package dev.gatehouse.policy.constraint.expansion;

/**
 * An object that cannot be expanded: the template source field is missing or not an object, or expansion went
 * deeper than {@link Expander#MAX_DEPTH}. Upstream fails the whole review in that case (the webhook answers with an
 * error, gator fails the case); the engine does the same.
 */
public final class ExpansionException extends Exception {
    private static final long serialVersionUID = 1L;

    public ExpansionException(String message) {
        super(message);
    }
}
