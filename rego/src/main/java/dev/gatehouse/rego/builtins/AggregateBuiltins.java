package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/**
 * The aggregates (OPA's {@code aggregates.go}): count, sum, product, max, min, sort and the deprecated all/any.
 * Sums and products of integers are exact at any size; other numbers use exact decimal arithmetic. Stateless.
 */
final class AggregateBuiltins implements BuiltinFamily {

    private static final Type COLLECTION = Types.anyOf(Types.ANY_ARRAY, Types.ANY_SET);
    private static final Type NUMBERS = Types.anyOf(Types.arrayOf(Types.NUMBER), Types.setOf(Types.NUMBER));

    @Override
    public List<Builtin> builtins() {
        return List.of(
                Builtin.of(decl("count")
                        .arg("collection", Types.anyOf(Types.STRING, Types.ANY_ARRAY, Types.ANY_OBJECT, Types.ANY_SET))
                        .result(Types.NUMBER).build(), AggregateBuiltins::count),
                Builtin.of(decl("sum").arg("collection", NUMBERS).result(Types.NUMBER).build(),
                        (ctx, a) -> accumulate(a[0], false)),
                Builtin.of(decl("product").arg("collection", NUMBERS).result(Types.NUMBER).build(),
                        (ctx, a) -> accumulate(a[0], true)),
                Builtin.of(decl("max").arg("collection", COLLECTION).result(Types.ANY).build(),
                        (ctx, a) -> extreme(a[0], true)),
                Builtin.of(decl("min").arg("collection", COLLECTION).result(Types.ANY).build(),
                        (ctx, a) -> extreme(a[0], false)),
                Builtin.of(decl("sort").arg("collection", COLLECTION).result(Types.ANY_ARRAY).build(),
                        AggregateBuiltins::sort),
                Builtin.of(decl("all").arg("collection", COLLECTION).result(Types.BOOLEAN).deprecated().build(),
                        (ctx, a) -> allAny(a[0], true)),
                Builtin.of(decl("any").arg("collection", COLLECTION).result(Types.BOOLEAN).deprecated().build(),
                        (ctx, a) -> allAny(a[0], false)));
    }

    private static BuiltinDecl.Builder decl(String name) {
        return BuiltinDecl.builder(name).category("aggregates");
    }

    static Value count(BuiltinContext ctx, Value[] a) {
        return switch (a[0]) {
            case ArrayValue arr -> NumberValue.of(arr.size());
            case ObjectValue o -> NumberValue.of(o.size());
            case SetValue s -> NumberValue.of(s.size());
            case StringValue s -> NumberValue.of(Text.length(s.value()));
            default -> throw Operands.typeError(1, a[0], "array", "object", "set", "string");
        };
    }

    private static Iterable<Value> collection(Value v) {
        return switch (v) {
            case ArrayValue arr -> arr;
            case SetValue s -> s;
            default -> throw Operands.typeError(1, v, "set", "array");
        };
    }

    static Value accumulate(Value v, boolean multiply) {
        Iterable<Value> items = collection(v);
        long acc = multiply ? 1 : 0;
        boolean exactLong = true;
        BigDecimal big = null;
        for (Value e : items) {
            if (!(e instanceof NumberValue n)) {
                throw Operands.elementError(1, v, e, "number");
            }
            if (exactLong && n.isLong()) {
                try {
                    acc = multiply ? Math.multiplyExact(acc, n.longValue()) : Math.addExact(acc, n.longValue());
                    continue;
                } catch (ArithmeticException overflow) {
                    // fall through to arbitrary precision
                }
            }
            if (exactLong) {
                exactLong = false;
                big = BigDecimal.valueOf(acc);
            }
            big = multiply ? big.multiply(n.bigDecimalValue()) : big.add(n.bigDecimalValue());
        }
        return exactLong ? NumberValue.of(acc) : NumberValue.of(big);
    }

    static Value extreme(Value v, boolean max) {
        Value best = null;
        for (Value e : collection(v)) {
            if (best == null || (max ? e.compareTo(best) >= 0 : e.compareTo(best) < 0)) {
                best = e;
            }
        }
        return best;
    }

    static Value sort(BuiltinContext ctx, Value[] a) {
        return switch (a[0]) {
            case ArrayValue arr -> {
                Value[] copy = arr.toArray();
                Arrays.sort(copy);
                yield ArrayValue.of(copy);
            }
            case SetValue s -> ArrayValue.of(s.toList());
            default -> throw Operands.typeError(1, a[0], "set", "array");
        };
    }

    static Value allAny(Value v, boolean all) {
        Iterable<Value> items = switch (v) {
            case ArrayValue arr -> arr;
            case SetValue s -> s;
            default -> throw Operands.typeError(1, v, "array", "set");
        };
        for (Value e : items) {
            boolean isTrue = BooleanValue.TRUE.equals(e);
            if (all && !isTrue) {
                return BooleanValue.FALSE;
            }
            if (!all && isTrue) {
                return BooleanValue.TRUE;
            }
        }
        return BooleanValue.of(all);
    }
}
