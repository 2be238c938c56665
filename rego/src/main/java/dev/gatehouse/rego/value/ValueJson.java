package dev.gatehouse.rego.value;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;

/**
 * JSON conversion for values with exact numbers (integers of any size, decimals as BigDecimal).
 *
 * <p>Reading streams tokens directly into values (no intermediate tree). Writing follows OPA: sets become arrays
 * in set order, object keys that are not strings are written as their JSON text. Thread-safe.
 */
public final class ValueJson {
    /**
     * Input documents may be large; nesting is capped at 1,000 because values are compared, hashed and printed
     * recursively, and no legitimate document is deeper.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(1_000)
                    .maxNumberLength(100_000)
                    .maxStringLength(512 * 1024 * 1024)
                    .build())
            .streamWriteConstraints(tools.jackson.core.StreamWriteConstraints.builder().maxNestingDepth(1_000).build())
            .build();

    private ValueJson() {}

    /**
     * Parses one JSON document.
     *
     * @throws IllegalArgumentException with the parser's message if the text is not valid JSON
     */
    public static Value parse(String json) {
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), json)) {
            return parseDocument(p);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    public static Value parse(Reader reader) {
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), reader)) {
            return parseDocument(p);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    public static Value parse(InputStream in) {
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), in)) {
            return parseDocument(p);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    private static Value parseDocument(JsonParser p) {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new IllegalArgumentException("empty JSON document");
        }
        Value v = read(p, t);
        if (p.nextToken() != null) {
            throw new IllegalArgumentException("trailing content after JSON document at " + p.currentLocation());
        }
        return v;
    }

    /**
     * Reads the value starting at the current token. Nesting uses an explicit stack so deep documents cannot
     * overflow the Java stack.
     */
    public static Value read(JsonParser p, JsonToken first) {
        record Frame(boolean object, List<Value> items) {}
        List<Frame> stack = new ArrayList<>();
        JsonToken t = first;
        while (true) {
            Value done;
            switch (t) {
                case START_OBJECT -> {
                    stack.add(new Frame(true, new ArrayList<>()));
                    t = p.nextToken();
                    continue;
                }
                case START_ARRAY -> {
                    stack.add(new Frame(false, new ArrayList<>()));
                    t = p.nextToken();
                    continue;
                }
                case PROPERTY_NAME -> {
                    stack.get(stack.size() - 1).items.add(StringValue.of(KeyStrings.canonical(p.getString())));
                    t = p.nextToken();
                    continue;
                }
                case END_OBJECT -> {
                    Frame f = stack.remove(stack.size() - 1);
                    ObjectValue.Builder b = ObjectValue.builder();
                    for (int i = 0; i < f.items.size(); i += 2) {
                        b.put(f.items.get(i), f.items.get(i + 1));
                    }
                    done = b.build();
                }
                case END_ARRAY -> {
                    Frame f = stack.remove(stack.size() - 1);
                    done = ArrayValue.wrap(f.items.toArray(new Value[0]));
                }
                case VALUE_STRING -> done = StringValue.of(p.getString());
                case VALUE_NUMBER_INT -> done = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? NumberValue.of(p.getBigIntegerValue()) : NumberValue.of(p.getLongValue());
                // Keep the text so 1.0 and 1e3 print back as written (OPA numbers are their JSON text).
                case VALUE_NUMBER_FLOAT -> done = NumberValue.withText(NumberValue.of(p.getDecimalValue()), p.getText());
                case VALUE_TRUE -> done = BooleanValue.TRUE;
                case VALUE_FALSE -> done = BooleanValue.FALSE;
                case VALUE_NULL -> done = NullValue.INSTANCE;
                default -> throw new IllegalArgumentException("unexpected JSON token " + t);
            }
            if (stack.isEmpty()) {
                return done;
            }
            stack.get(stack.size() - 1).items.add(done);
            t = p.nextToken();
        }
    }

    /** Converts a Jackson tree (for callers that already hold one). */
    public static Value fromNode(JsonNode node) {
        return parse(node.toString());
    }

    /** Compact JSON text. */
    public static String toJson(Value v) {
        StringWriter w = new StringWriter();
        write(v, w, false);
        return w.toString();
    }

    /** Indented JSON text (two spaces), as {@code opa eval} prints. */
    public static String toPrettyJson(Value v) {
        StringWriter w = new StringWriter();
        write(v, w, true);
        return w.toString();
    }

    public static void write(Value v, Writer out, boolean pretty) {
        try (JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            if (pretty) {
                // Hand-rolled indentation keeps this class free of databind's pretty printer configuration.
                out.write(pretty(v, 0));
                return;
            }
            write(g, v);
        } catch (JacksonException e) {
            throw new IllegalStateException(e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a value with a generator (recursion depth bounded by the value's nesting, itself bounded on input). */
    public static void write(JsonGenerator g, Value v) {
        switch (v) {
            case NullValue n -> g.writeNull();
            case BooleanValue b -> g.writeBoolean(b.value());
            case NumberValue n -> {
                if (n.isLong() && n.toString().length() < 20 && n.toString().equals(Long.toString(n.longValue()))) {
                    g.writeNumber(n.longValue());
                } else {
                    g.writeNumber(n.toString());
                }
            }
            case StringValue s -> g.writeString(s.value());
            case ArrayValue a -> {
                g.writeStartArray();
                for (Value e : a) {
                    write(g, e);
                }
                g.writeEndArray();
            }
            case SetValue s -> {
                g.writeStartArray();
                for (Value e : s) {
                    write(g, e);
                }
                g.writeEndArray();
            }
            case ObjectValue o -> {
                g.writeStartObject();
                for (int i = 0; i < o.size(); i++) {
                    g.writeName(keyText(o.keyAt(i)));
                    write(g, o.valueAt(i));
                }
                g.writeEndObject();
            }
        }
    }

    /** OPA writes non-string keys as their JSON encoding. */
    public static String keyText(Value key) {
        return key instanceof StringValue s ? s.value() : toJson(key);
    }

    private static String pretty(Value v, int indent) {
        StringBuilder sb = new StringBuilder();
        pretty(sb, v, indent);
        return sb.toString();
    }

    private static void pretty(StringBuilder sb, Value v, int indent) {
        switch (v) {
            case ArrayValue a when !a.isEmpty() -> prettyList(sb, a, indent);
            case SetValue s when !s.isEmpty() -> prettyList(sb, s, indent);
            case ObjectValue o when !o.isEmpty() -> {
                sb.append("{\n");
                for (int i = 0; i < o.size(); i++) {
                    sb.append("  ".repeat(indent + 1)).append(toJson(StringValue.of(keyText(o.keyAt(i))))).append(": ");
                    pretty(sb, o.valueAt(i), indent + 1);
                    sb.append(i + 1 < o.size() ? ",\n" : "\n");
                }
                sb.append("  ".repeat(indent)).append('}');
            }
            default -> sb.append(toJson(v));
        }
    }

    private static void prettyList(StringBuilder sb, Iterable<Value> items, int indent) {
        sb.append("[\n");
        boolean first = true;
        for (Value e : items) {
            if (!first) {
                sb.append(",\n");
            }
            first = false;
            sb.append("  ".repeat(indent + 1));
            pretty(sb, e, indent + 1);
        }
        sb.append('\n').append("  ".repeat(indent)).append(']');
    }
}
