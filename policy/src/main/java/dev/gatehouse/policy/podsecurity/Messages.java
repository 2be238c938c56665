package dev.gatehouse.policy.podsecurity;

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
    static final Comparator<String> BYTE_ORDER = Messages::compareCodePoints;

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

    /** Go's {@code strconv.Quote}: double quotes, backslash escapes for quotes, controls and invalid text. */
    static String goQuote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0B -> out.append("\\v");
                default -> {
                    if (Character.isSurrogate((char) cp)) {
                        out.append("\\ufffd");
                    } else if (cp < 0x20 || cp == 0x7F) {
                        out.append(String.format("\\x%02x", cp));
                    } else if (!isGoPrintable(cp)) {
                        out.append(cp <= 0xFFFF ? String.format("\\u%04x", cp) : String.format("\\U%08x", cp));
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static boolean isGoPrintable(int cp) {
        if (cp < 0x80) {
            return cp >= 0x20 && cp < 0x7F;
        }
        int type = Character.getType(cp);
        return type != Character.CONTROL
                && type != Character.FORMAT
                && type != Character.UNASSIGNED
                && type != Character.PRIVATE_USE
                && type != Character.SURROGATE
                && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR
                && (type != Character.SPACE_SEPARATOR || cp == 0x20);
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
