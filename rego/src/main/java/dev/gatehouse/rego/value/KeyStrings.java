package dev.gatehouse.rego.value;

/**
 * Canonical instances of the short strings policies look object keys up by ({@code input.review.object.spec},
 * {@code "runAsUser"}): the parser registers its string constants here, and documents converted to values take
 * their keys through {@link #canonical}, so that a key lookup mostly matches by identity instead of comparing
 * characters. Only a speed-up: an equal but different instance is still found by {@link ObjectValue#get}.
 *
 * <p>Thread-safe: a direct-mapped table written racily; each slot holds an interned (immutable) string or null, so
 * any value a reader sees is correct, and a lost or overwritten entry only costs identity hits.
 */
public final class KeyStrings {
    private static final int SLOTS = 4096;
    /** Longer strings are not registered: keys are short, and the table should not keep large literals alive. */
    private static final int MAX_LENGTH = 64;
    private static final String[] KNOWN = new String[SLOTS];

    private KeyStrings() {}

    /** Registers a policy constant; returns the canonical (interned) instance to use in its place. */
    public static String register(String s) {
        if (s.length() > MAX_LENGTH) {
            return s;
        }
        int i = slot(s.hashCode());
        String known = KNOWN[i];
        if (known == s || (known != null && known.equals(s))) {
            return known;
        }
        String interned = s.intern();
        KNOWN[i] = interned;
        return interned;
    }

    /** The registered instance equal to {@code s}, or {@code s} itself when there is none. */
    public static String canonical(String s) {
        String known = KNOWN[slot(s.hashCode())];
        return known == s || known == null || !known.equals(s) ? s : known;
    }

    private static int slot(int h) {
        return (h ^ (h >>> 12) ^ (h >>> 24)) & (SLOTS - 1);
    }
}
