package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.NullValue;
import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON text exactly as Go's {@code encoding/json} writes OPA values: HTML-safe escapes ({@code <} becomes
 * {@code \u003c}), object keys sorted as strings, sets as arrays, and {@code MarshalIndent}'s layout. Policies
 * hash and compare these strings, so byte equality with OPA matters. Stateless.
 */
final class GoJson {
    private GoJson() {}

    static String marshal(Value v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v, null, null, 0);
        return sb.toString();
    }

    /** MarshalIndent; like OPA, the caller adds the prefix before the first line. */
    static String marshalIndent(Value v, String prefix, String indent) {
        StringBuilder sb = new StringBuilder();
        write(sb, v, prefix, indent, 0);
        return sb.toString();
    }

    private static void newline(StringBuilder sb, String prefix, String indent, int depth) {
        sb.append('\n').append(prefix);
        for (int i = 0; i < depth; i++) {
            sb.append(indent);
        }
    }

    private static void write(StringBuilder sb, Value v, String prefix, String indent, int depth) {
        boolean pretty = indent != null;
        switch (v) {
            case NullValue n -> sb.append("null");
            case BooleanValue b -> sb.append(b.value());
            case NumberValue n -> sb.append(n);
            case StringValue s -> quote(sb, s.value());
            case ArrayValue a -> writeList(sb, a, a.size(), prefix, indent, depth);
            case SetValue s -> writeList(sb, s, s.size(), prefix, indent, depth);
            case ObjectValue o -> {
                if (o.isEmpty()) {
                    sb.append("{}");
                    return;
                }
                List<String[]> keys = new ArrayList<>();
                for (int i = 0; i < o.size(); i++) {
                    keys.add(new String[] {keyText(o.keyAt(i)), Integer.toString(i)});
                }
                keys.sort((x, y) -> compareUtf8(x[0], y[0]));
                sb.append('{');
                boolean first = true;
                for (String[] k : keys) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    if (pretty) {
                        newline(sb, prefix, indent, depth + 1);
                    }
                    quote(sb, k[0]);
                    sb.append(pretty ? ": " : ":");
                    write(sb, o.valueAt(Integer.parseInt(k[1])), prefix, indent, depth + 1);
                }
                if (pretty) {
                    newline(sb, prefix, indent, depth);
                }
                sb.append('}');
            }
        }
    }

    private static void writeList(StringBuilder sb, Iterable<Value> items, int size, String prefix, String indent,
            int depth) {
        if (size == 0) {
            sb.append("[]");
            return;
        }
        boolean pretty = indent != null;
        sb.append('[');
        boolean first = true;
        for (Value e : items) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            if (pretty) {
                newline(sb, prefix, indent, depth + 1);
            }
            write(sb, e, prefix, indent, depth + 1);
        }
        if (pretty) {
            newline(sb, prefix, indent, depth);
        }
        sb.append(']');
    }

    /** OPA turns non-string keys into their JSON text. */
    static String keyText(Value key) {
        return key instanceof StringValue s ? s.value() : marshal(key);
    }

    private static int compareUtf8(String a, String b) {
        return StringValue.of(a).compareTo(StringValue.of(b));
    }

    static void quote(StringBuilder sb, String s) {
        sb.append('"');
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
                case '<', '>', '&', '\u2028', '\u2029' -> sb.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isSurrogate(c)) {
                        // A lone surrogate is invalid UTF-8 in Go's eyes and becomes U+FFFD.
                        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                            sb.append(c).append(s.charAt(++i));
                        } else {
                            sb.append("\\ufffd");
                        }
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
