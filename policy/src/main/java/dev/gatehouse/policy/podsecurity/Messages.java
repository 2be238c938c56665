package dev.gatehouse.policy.podsecurity;

import dev.gatehouse.policy.text.GoQuote;

import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.TreeSet;

/**
 * The small vocabulary every check uses to word its detail, so that all details read the same and match upstream
 * character for character: {@code pluralize}, {@code joinQuote}, Go-style {@code %q} quoting and the byte order
 * upstream sorts sets in.
 */
final class Messages {

    /**
     * Upstream sorts Go strings, i.e. UTF-8 bytes; comparing code points gives the same order, where
     * {@link String#compareTo} (UTF-16 units) would not for characters above the surrogate range.
     */
    static final Comparator<String> BYTE_ORDER = GoQuote.BYTE_ORDER;

    private Messages() {}

    static String pluralize(String singular, String plural, int count) {
        return count == 1 ? singular : plural;
    }

    /** {@code "a", "b"} — each item in double quotes, unescaped, joined by comma and space; empty for none. */
    static String joinQuote(Collection<String> items) {
        if (items.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        Iterator<String> it = items.iterator();
        out.append('"').append(it.next());
        while (it.hasNext()) {
            out.append("\", \"").append(it.next());
        }
        return out.append('"').toString();
    }

    /** Items joined by {@code separator}, as Go's {@code strings.Join}. */
    static String join(Collection<String> items, String separator) {
        return String.join(separator, items);
    }

    /** {@code container "a"} or {@code containers "a", "b"}. */
    static String containers(Collection<String> names) {
        return pluralize("container", "containers", names.size()) + " " + joinQuote(names);
    }

    /** A new set that iterates in upstream (byte) order and drops duplicates, as Go's {@code sets.List}. */
    static TreeSet<String> sortedSet() {
        return new TreeSet<>(BYTE_ORDER);
    }

    /** A name as Go prints a missing string: empty. */
    static String name(String name) {
        return name == null ? "" : name;
    }

    /** {@code key="value"} with the value quoted as Go's {@code %q} does. */
    static String keyValue(String key, String value) {
        return key + "=" + goQuote(value);
    }

    /** Go's {@code strconv.Quote}. */
    static String goQuote(String value) {
        return GoQuote.quote(value);
    }
}
