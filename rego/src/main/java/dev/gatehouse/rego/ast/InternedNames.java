package dev.gatehouse.rego.ast;

/**
 * Interns variable names ({@link String#intern}) behind a small direct-mapped cache of interned names: compiling a
 * policy builds many variables with names already seen (every rewrite copies them), and the cache answers those
 * without a string-table lookup. The evaluator relies on interning to compare names by identity.
 *
 * <p>Thread-safe: slots are written racily, but each holds an interned (immutable) string or null, so any value a
 * reader sees is correct, and a lost write only costs a later {@code intern}.
 */
final class InternedNames {
    private static final int SLOTS = 1024;
    private static final String[] RECENT = new String[SLOTS];

    private InternedNames() {
    }

    static String intern(String name) {
        int h = name.hashCode();
        int i = (h ^ (h >>> 10) ^ (h >>> 20)) & (SLOTS - 1);
        String seen = RECENT[i];
        if (seen == name || (seen != null && seen.equals(name))) {
            return seen;
        }
        String interned = name.intern();
        RECENT[i] = interned;
        return interned;
    }
}
