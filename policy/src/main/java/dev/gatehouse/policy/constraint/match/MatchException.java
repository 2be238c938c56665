package dev.gatehouse.policy.constraint.match;

/**
 * Matching could not be decided (e.g. a namespaceSelector for a namespaced object whose Namespace is unknown).
 * Gatekeeper turns this into an "autoreject" violation rather than silently skipping the constraint.
 */
public final class MatchException extends Exception {
    private static final long serialVersionUID = 1L;

    public MatchException(String message) {
        super(message);
    }
}
