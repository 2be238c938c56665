package dev.gatehouse.rego.value;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Static helpers for building and inspecting values. */
public final class Values {
    private Values() {}

    public static Value of(String s) { return StringValue.of(s); }
    public static Value of(long n) { return NumberValue.of(n); }
    public static Value of(boolean b) { return BooleanValue.of(b); }

    public static ArrayValue array(Value... elements) { return ArrayValue.of(elements); }
    public static SetValue set(Value... elements) { return SetValue.of(elements); }

    /** An object from alternating string keys and values: {@code object("a", of(1), "b", of(2))}. */
    public static ObjectValue object(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        ObjectValue.Builder b = ObjectValue.builder();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object k = keysAndValues[i];
            b.put(k instanceof Value v ? v : StringValue.of(String.valueOf(k)), (Value) keysAndValues[i + 1]);
        }
        return b.build();
    }

    /**
     * Converts plain Java data (null, Boolean, Number, String/CharSequence, Map, Collection, arrays of Object,
     * or Value) into a value. Map keys that are not values become strings.
     *
     * @throws IllegalArgumentException for unsupported types
     */
    public static Value fromJava(Object o) {
        if (o == null) {
            return NullValue.INSTANCE;
        }
        if (o instanceof Value v) {
            return v;
        }
        if (o instanceof Boolean b) {
            return BooleanValue.of(b);
        }
        if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) {
            return NumberValue.of(((Number) o).longValue());
        }
        if (o instanceof BigInteger bi) {
            return NumberValue.of(bi);
        }
        if (o instanceof BigDecimal bd) {
            return NumberValue.of(bd);
        }
        if (o instanceof Number n) {
            return NumberValue.of(n.doubleValue());
        }
        if (o instanceof CharSequence s) {
            return StringValue.of(s.toString());
        }
        if (o instanceof Map<?, ?> m) {
            ObjectValue.Builder b = ObjectValue.builder();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object k = e.getKey();
                b.put(k instanceof Value kv ? kv : StringValue.of(String.valueOf(k)), fromJava(e.getValue()));
            }
            return b.build();
        }
        if (o instanceof Collection<?> c) {
            Value[] out = new Value[c.size()];
            int i = 0;
            for (Object x : c) {
                out[i++] = fromJava(x);
            }
            return ArrayValue.wrap(out);
        }
        if (o instanceof Object[] arr) {
            return fromJava(List.of(arr));
        }
        throw new IllegalArgumentException("cannot convert " + o.getClass().getName() + " to a Rego value");
    }

    /** Lexicographic comparison of element sequences, shorter first on a common prefix (OPA's termSliceCompare). */
    static int compareSequences(Value[] a, int an, Value[] b, int bn) {
        int n = Math.min(an, bn);
        for (int i = 0; i < n; i++) {
            int c = a[i].compareTo(b[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(an, bn);
    }

    /** Quotes a string the way Go's strconv.Quote does for printable text (used when printing terms). */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case 0x07 -> sb.append("\\a");
                case 0x0b -> sb.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
