package dev.gatehouse.policy.podsecurity.admission;

/**
 * String order by code point, which is the byte order of the UTF-8 encodings: what Go's string comparison and
 * {@code sort.Strings} use. {@link String#compareTo} compares UTF-16 units and differs for characters above U+FFFF.
 */
final class ByteOrder {

    private ByteOrder() {
    }

    static int compare(String a, String b) {
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
