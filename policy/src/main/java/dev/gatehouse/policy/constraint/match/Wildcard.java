package dev.gatehouse.policy.constraint.match;

import java.util.regex.Pattern;

/**
 * A Gatekeeper wildcard: an exact string, or a prefix ({@code kube-*}), suffix ({@code *-system}) or infix
 * ({@code *x*}) glob. Used for namespace and object names.
 *
 * @param pattern the pattern as written
 */
public record Wildcard(String pattern) {
    /** Namespace patterns upstream accepts: one optional star at each end of a DNS-ish label. */
    public static final Pattern NAMESPACE_SYNTAX = Pattern.compile("^\\*?[-:a-z0-9]*\\*?$");
    /** Name patterns: as namespaces, plus dots (names are DNS subdomains). */
    public static final Pattern NAME_SYNTAX = Pattern.compile("^\\*?[-:a-z0-9.]*\\*?$");

    /** Whether {@code value} matches. */
    public boolean matches(String value) {
        boolean leading = pattern.startsWith("*");
        boolean trailing = pattern.endsWith("*") && pattern.length() > (leading ? 1 : 0);
        String core = core();
        if (leading && trailing) {
            return value.contains(core);
        }
        if (leading) {
            return value.endsWith(core);
        }
        if (trailing) {
            return value.startsWith(core);
        }
        return value.equals(pattern);
    }

    private String core() {
        int from = pattern.startsWith("*") ? 1 : 0;
        int to = pattern.endsWith("*") && pattern.length() > from ? pattern.length() - 1 : pattern.length();
        return pattern.substring(from, Math.max(from, to));
    }

    /**
     * Whether a prefix or infix pattern matches an object that only has a {@code generateName}: the final name
     * starts with it, so a prefix glob matches when the generateName starts with the prefix and an infix glob when
     * it contains the infix. Exact and suffix patterns cannot be decided before the name exists.
     */
    public boolean matchesGenerateName(String generateName) {
        if (!pattern.endsWith("*") || generateName.isEmpty()) {
            return false;
        }
        return pattern.startsWith("*") ? generateName.contains(core()) : generateName.startsWith(core());
    }
}
