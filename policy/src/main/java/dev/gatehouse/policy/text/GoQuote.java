package dev.gatehouse.policy.text;

import java.util.Comparator;
import java.util.List;

/**
 * Go's string formatting where upstream messages depend on it: {@code %q} ({@code strconv.Quote}) for strings and
 * string slices, and Go's string order (code points, which is the byte order of UTF-8) for sorting. Messages that
 * quote names and values must read byte for byte as Kubernetes prints them.
 *
 * <p>Stateless and thread-safe. Printable non-ASCII characters are kept as they are, as Go keeps them.
 */
public final class GoQuote {

    /** Go's {@code sort.Strings} order. {@link String#compareTo} compares UTF-16 units and differs above U+FFFF. */
    public static final Comparator<String> BYTE_ORDER = GoQuote::compareBytes;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoQuote() {}

    /** {@code value} quoted as Go's {@code %q} prints it. */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2);
        appendQuoted(out, value);
        return out.toString();
    }

    /** {@code %q} of a {@code []string}: {@code ["a" "b"]}. */
    public static String quoteList(List<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            appendQuoted(out, values.get(i));
        }
        return out.append(']').toString();
    }

    /** Appends {@code value} quoted as Go's {@code %q} prints it. */
    public static void appendQuoted(StringBuilder out, String value) {
        out.append('"');
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
                    if (cp <= 0xFFFF && Character.isSurrogate((char) cp)) {
                        // Go replaces invalid UTF-8 with U+FFFD when quoting; a lone surrogate is our equivalent.
                        out.append("\\ufffd");
                    } else if (cp < 0x20 || cp == 0x7F) {
                        out.append("\\x").append(HEX[cp >> 4]).append(HEX[cp & 0xF]);
                    } else if (!isPrintable(cp)) {
                        appendUnicodeEscape(out, cp);
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Go's string comparison: by code point. */
    public static int compareBytes(String a, String b) {
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

    private static void appendUnicodeEscape(StringBuilder out, int cp) {
        int digits = cp <= 0xFFFF ? 4 : 8;
        out.append(digits == 4 ? "\\u" : "\\U");
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.append(HEX[(cp >> shift) & 0xF]);
        }
    }

    /** Go's {@code strconv.IsPrint}, approximated by Unicode categories (the JDK has no graphic-class table). */
    private static boolean isPrintable(int cp) {
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
}
