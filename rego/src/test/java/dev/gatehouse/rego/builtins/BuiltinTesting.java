package dev.gatehouse.rego.builtins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Calls builtins directly, without the evaluator, for table-driven tests. Values are written as JSON, with
 * {@code {"$set": [...]}} standing for a set. A row's expectation is JSON, {@code undefined}, or
 * {@code error: <message>} / {@code type_error: <message>} (the message without the builtin's name).
 */
final class BuiltinTesting {
    private BuiltinTesting() {}

    static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");

    /** A fresh per-query context with a fixed clock, no network and an empty cache. */
    static BuiltinContext context() {
        Map<Object, Object> cache = new HashMap<>();
        return new BuiltinContext() {
            @Override public Instant queryTime() { return NOW; }
            @Override public Clock clock() { return Clock.fixed(NOW, ZoneOffset.UTC); }
            @Override public void checkCancelled() { }
            @Override public void print(String line) { }
            @Override public boolean strictBuiltinErrors() { return false; }
            @Override public boolean networkAllowed() { return false; }
            @Override public Map<Object, Object> cache() { return cache; }
        };
    }

    static Value value(String json) {
        return sets(ValueJson.parse(json));
    }

    private static Value sets(Value v) {
        return switch (v) {
            case ArrayValue a -> {
                List<Value> out = new ArrayList<>();
                a.forEach(e -> out.add(sets(e)));
                yield ArrayValue.of(out);
            }
            case ObjectValue o -> {
                if (o.size() == 1 && o.get("$set") instanceof ArrayValue elems) {
                    List<Value> out = new ArrayList<>();
                    elems.forEach(e -> out.add(sets(e)));
                    yield SetValue.of(out);
                }
                ObjectValue.Builder b = ObjectValue.builder();
                for (int i = 0; i < o.size(); i++) {
                    b.put(sets(o.keyAt(i)), sets(o.valueAt(i)));
                }
                yield b.build();
            }
            default -> v;
        };
    }

    static Builtin builtin(String name) {
        Builtin b = Builtins.standard().get(name);
        if (b == null) {
            fail("no builtin named " + name);
        }
        return b;
    }

    /** Calls a single-result builtin with arguments given as a JSON array. */
    static Value call(String name, String argsJson) {
        Value[] args = ((ArrayValue) value(argsJson)).toArray();
        Builtin b = builtin(name);
        assertThat(args.length).as("arity of " + name).isEqualTo(b.decl().arity());
        return b.function().apply(context(), args);
    }

    /** Every result of a generator builtin. */
    static List<Value> callAll(String name, String argsJson) {
        Value[] args = ((ArrayValue) value(argsJson)).toArray();
        List<Value> out = new ArrayList<>();
        builtin(name).generator().generate(context(), args, v -> out.add(v));
        return out;
    }

    /** Checks one table row: JSON result, "undefined", or "error: ..."/"type_error: ...". */
    static void check(String name, String argsJson, String expected) {
        if (expected.startsWith("error: ") || expected.startsWith("type_error: ")) {
            boolean type = expected.startsWith("type_error: ");
            String message = expected.substring(expected.indexOf(": ") + 2);
            assertThatThrownBy(() -> call(name, argsJson))
                    .isInstanceOfSatisfying(BuiltinException.class, e -> assertThat(e.code())
                            .isEqualTo(type ? BuiltinErrorCode.TYPE_ERROR : BuiltinErrorCode.BUILTIN_ERROR))
                    .hasMessage(message);
            return;
        }
        Value got = call(name, argsJson);
        if (expected.equals("undefined")) {
            assertThat(got).isNull();
            return;
        }
        assertThat(got).isEqualTo(value(expected));
    }
}
