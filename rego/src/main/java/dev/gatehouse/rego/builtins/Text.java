package dev.gatehouse.rego.builtins;

/**
 * Code-point helpers shared by the string families. Rego strings are sequences of Unicode code points (Go
 * runes); Java strings are UTF-16, so every index a builtin returns or accepts is converted here. Stateless.
 */
final class Text {
    private Text() {}

    /** The code points of {@code s}. */
    static int[] codePoints(String s) {
        return s.codePoints().toArray();
    }

    /** The number of code points in {@code s}. */
    static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /** Whether Go's {@code unicode.IsSpace} holds (differs from Java's isWhitespace on U+00A0, U+0085, U+001C-1F). */
    static boolean isGoSpace(int c) {
        return switch (c) {
            case '\t', '\n', 0x0b, '\f', '\r', ' ', 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000 -> true;
            default -> c >= 0x2000 && c <= 0x200a;
        };
    }

    /** Go's strings.TrimSpace. */
    static String trimSpace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end) {
            int c = s.codePointAt(start);
            if (!isGoSpace(c)) {
                break;
            }
            start += Character.charCount(c);
        }
        while (end > start) {
            int c = s.codePointBefore(end);
            if (!isGoSpace(c)) {
                break;
            }
            end -= Character.charCount(c);
        }
        return s.substring(start, end);
    }

    /** Whether {@code cutset} contains the code point {@code c}. */
    private static boolean inCutset(String cutset, int c) {
        return cutset.indexOf(c) >= 0;
    }

    /** Go's strings.TrimLeft: removes leading code points contained in {@code cutset}. */
    static String trimLeft(String s, String cutset) {
        int start = 0;
        while (start < s.length()) {
            int c = s.codePointAt(start);
            if (!inCutset(cutset, c)) {
                break;
            }
            start += Character.charCount(c);
        }
        return s.substring(start);
    }

    /** Go's strings.TrimRight: removes trailing code points contained in {@code cutset}. */
    static String trimRight(String s, String cutset) {
        int end = s.length();
        while (end > 0) {
            int c = s.codePointBefore(end);
            if (!inCutset(cutset, c)) {
                break;
            }
            end -= Character.charCount(c);
        }
        return s.substring(0, end);
    }

    /**
     * Go's strings.ToLower/ToUpper: each code point mapped on its own (simple case mapping). Java's String methods
     * apply special casing instead ("ß" upper-cases to "SS", a final sigma lower-cases to "ς"), which Go does not.
     */
    static String mapCase(String s, boolean upper) {
        boolean ascii = true;
        for (int i = 0; i < s.length() && ascii; i++) {
            ascii = s.charAt(i) < 0x80;
        }
        if (ascii) {
            return upper ? s.toUpperCase(java.util.Locale.ROOT) : s.toLowerCase(java.util.Locale.ROOT);
        }
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> sb.appendCodePoint(upper ? Character.toUpperCase(c) : Character.toLowerCase(c)));
        return sb.toString();
    }

    /** Reverses by code point, so surrogate pairs stay intact. */
    static String reverse(String s) {
        int[] cps = codePoints(s);
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = cps.length - 1; i >= 0; i--) {
            sb.appendCodePoint(cps[i]);
        }
        return sb.toString();
    }

    /** Code-point index of the first occurrence of {@code needle} in {@code haystack}, or -1. */
    static int codePointIndexOf(String haystack, String needle) {
        int i = haystack.indexOf(needle);
        return i < 0 ? -1 : haystack.codePointCount(0, i);
    }

    /** Go's strings.Split; an empty separator splits into code points. */
    static java.util.List<String> split(String s, String sep) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (sep.isEmpty()) {
            s.codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
            return out;
        }
        int from = 0;
        while (true) {
            int i = s.indexOf(sep, from);
            if (i < 0) {
                out.add(s.substring(from));
                return out;
            }
            out.add(s.substring(from, i));
            from = i + sep.length();
        }
    }

    /** Go's strings.Count: non-overlapping occurrences; an empty needle counts code points plus one. */
    static int count(String s, String needle) {
        if (needle.isEmpty()) {
            return length(s) + 1;
        }
        int n = 0;
        int from = 0;
        while (true) {
            int i = s.indexOf(needle, from);
            if (i < 0) {
                return n;
            }
            n++;
            from = i + needle.length();
        }
    }

    /**
     * Go's strings.Replacer over (old, new) pairs: scanning left to right, at each position the first pair (in
     * argument order) whose old string matches is replaced; an empty old string matches at every code point
     * boundary where nothing else does.
     */
    static String replaceAll(String s, String[] olds, String[] news) {
        StringBuilder sb = new StringBuilder(s.length());
        int i = 0;
        int emptyIndex = -1;
        for (int k = 0; k < olds.length; k++) {
            if (olds[k].isEmpty()) {
                emptyIndex = k;
                break;
            }
        }
        while (i <= s.length()) {
            boolean matched = false;
            for (int k = 0; k < olds.length; k++) {
                String old = olds[k];
                if (old.isEmpty()) {
                    if (k == emptyIndex) {
                        // Lower priority than a non-empty match only when it comes later in argument order.
                        sb.append(news[k]);
                        matched = false;
                        break;
                    }
                    continue;
                }
                if (s.startsWith(old, i)) {
                    sb.append(news[k]);
                    i += old.length();
                    matched = true;
                    break;
                }
            }
            if (matched) {
                continue;
            }
            if (i == s.length()) {
                break;
            }
            int c = s.codePointAt(i);
            sb.appendCodePoint(c);
            i += Character.charCount(c);
        }
        return sb.toString();
    }
}
