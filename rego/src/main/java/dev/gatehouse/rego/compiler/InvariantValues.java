package dev.gatehouse.rego.compiler;

import dev.gatehouse.rego.value.Value;

/**
 * The values of one rule document or closed term that reads nothing but {@code input.parameters} (see
 * {@link InputFootprints}), kept across evaluations by the parameters value they were computed from. A template's
 * constraints are few, so a handful of entries serve them all; past that the oldest entry gives way. Parameters
 * are found by identity first (the Gatekeeper driver hands each thread the same converted value for a constraint)
 * and then by equality (other threads, other callers).
 *
 * <p>Thread-safe and lock-free: the entries are one immutable array, replaced whole on a store. Two threads storing
 * at once may lose one entry, which costs a recomputation, never a wrong value.
 */
public final class InvariantValues {
    /** Enough for every constraint of a template in the policy sets we know; more only cost recomputation. */
    static final int CAPACITY = 8;
    /** The key of evaluations without parameters (no input, or an input without the member). */
    private static final Object ABSENT = new Object();

    /** Parameters at even positions, the value computed from them at the next odd one. */
    private volatile Object[] entries = {};

    InvariantValues() {}

    /** The stored value for these parameters (null when absent, for an undefined parameters member), or null. */
    public Value get(Value parameters) {
        Object key = parameters == null ? ABSENT : parameters;
        Object[] es = entries;
        for (int i = 0; i < es.length; i += 2) {
            if (es[i] == key) {
                return (Value) es[i + 1];
            }
        }
        if (key != ABSENT) {
            int h = parameters.hashCode();
            for (int i = 0; i < es.length; i += 2) {
                if (es[i] instanceof Value k && k.hashCode() == h && k.equals(parameters)) {
                    return (Value) es[i + 1];
                }
            }
        }
        return null;
    }

    /** Stores the value computed from these parameters (the caller's marker for undefined included). */
    public void put(Value parameters, Value value) {
        Object key = parameters == null ? ABSENT : parameters;
        Object[] es = entries;
        int keep = Math.min(es.length, 2 * (CAPACITY - 1));
        Object[] next = new Object[keep + 2];
        next[0] = key;
        next[1] = value;
        System.arraycopy(es, 0, next, 2, keep); // newest first; the oldest drops off the end
        entries = next;
    }
}
