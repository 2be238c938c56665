package dev.gatehouse.rego.value;

import java.util.Objects;

/** A string, ordered by code point (the same order as Go's byte-wise UTF-8 comparison). */
public record StringValue(String value) implements Value {
    static final int KIND = 3;
    public static final StringValue EMPTY = new StringValue("");

    public StringValue {
        Objects.requireNonNull(value, "value");
    }

    public static StringValue of(String s) {
        return s.isEmpty() ? EMPTY : new StringValue(s);
    }

    @Override public String typeName() { return "string"; }
    @Override public int kindOrder() { return KIND; }

    @Override
    public int compareSameKind(Value other) {
        return compareUtf8(value, ((StringValue) other).value);
    }

    /** Compares strings by their UTF-8 bytes, as Go does, without encoding them. */
    static int compareUtf8(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                // A surrogate encodes a code point above U+FFFF, greater than any other UTF-16 unit's code point.
                boolean xs = Character.isSurrogate(x);
                boolean ys = Character.isSurrogate(y);
                if (xs != ys) {
                    return xs ? 1 : -1;
                }
                return Character.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    // Written out rather than generated: every object lookup, set probe and function cache hit compares strings.
    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof StringValue s && value.equals(s.value));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return Values.quote(value);
    }
}
