package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The string builtins (OPA's {@code strings.go}): concatenation, search, case, trimming, splitting, replacing
 * and Go-style {@code sprintf}. Indices and lengths count Unicode code points, as Go's runes. Stateless.
 */
final class StringBuiltins implements BuiltinFamily {

    private static final Type STRING_LIST = Types.anyOf(Types.arrayOf(Types.STRING), Types.setOf(Types.STRING));
    private static final Type STRING_OR_LIST =
            Types.anyOf(Types.STRING, Types.arrayOf(Types.STRING), Types.setOf(Types.STRING));

    @Override
    public List<Builtin> builtins() {
        return List.of(
                Builtin.of(decl("concat").arg("delimiter", Types.STRING).arg("collection", STRING_LIST)
                        .result(Types.STRING).build(), StringBuiltins::concat),
                Builtin.of(binary("contains", Types.BOOLEAN),
                        (ctx, a) -> BooleanValue.of(str(a, 0).contains(str(a, 1)))),
                Builtin.of(binary("startswith", Types.BOOLEAN),
                        (ctx, a) -> BooleanValue.of(str(a, 0).startsWith(str(a, 1)))),
                Builtin.of(binary("endswith", Types.BOOLEAN),
                        (ctx, a) -> BooleanValue.of(str(a, 0).endsWith(str(a, 1)))),
                Builtin.of(decl("format_int").arg("number", Types.NUMBER).arg("base", Types.NUMBER)
                        .result(Types.STRING).build(), StringBuiltins::formatInt),
                Builtin.of(binary("indexof", Types.NUMBER), StringBuiltins::indexOf),
                Builtin.of(binary("indexof_n", Types.arrayOf(Types.NUMBER)), StringBuiltins::indexOfN),
                Builtin.of(unary("lower"), (ctx, a) -> same(a[0], Text.mapCase(str(a, 0), false))),
                Builtin.of(unary("upper"), (ctx, a) -> same(a[0], Text.mapCase(str(a, 0), true))),
                Builtin.of(decl("replace").arg("x", Types.STRING).arg("old", Types.STRING).arg("new", Types.STRING)
                        .result(Types.STRING).build(), StringBuiltins::replace),
                Builtin.of(decl("strings.replace_n")
                        .arg("patterns", Types.objectOf(Types.STRING, Types.STRING)).arg("value", Types.STRING)
                        .result(Types.STRING).build(), StringBuiltins::replaceN),
                Builtin.of(binary("split", Types.arrayOf(Types.STRING)), StringBuiltins::split),
                Builtin.of(decl("strings.split_n").arg("x", Types.STRING).arg("delimiter", Types.STRING)
                        .arg("n", Types.NUMBER).result(Types.arrayOf(Types.STRING)).build(), StringBuiltins::splitN),
                Builtin.of(decl("sprintf").arg("format", Types.STRING).arg("values", Types.ANY_ARRAY)
                        .result(Types.STRING).build(), StringBuiltins::sprintf),
                Builtin.of(decl("substring").arg("value", Types.STRING).arg("offset", Types.NUMBER)
                        .arg("length", Types.NUMBER).result(Types.STRING).build(), StringBuiltins::substring),
                Builtin.of(binary("trim", Types.STRING),
                        (ctx, a) -> same(a[0], Text.trimRight(Text.trimLeft(str(a, 0), str(a, 1)), str(a, 1)))),
                Builtin.of(binary("trim_left", Types.STRING),
                        (ctx, a) -> same(a[0], Text.trimLeft(str(a, 0), str(a, 1)))),
                Builtin.of(binary("trim_right", Types.STRING),
                        (ctx, a) -> same(a[0], Text.trimRight(str(a, 0), str(a, 1)))),
                Builtin.of(binary("trim_prefix", Types.STRING), StringBuiltins::trimPrefix),
                Builtin.of(binary("trim_suffix", Types.STRING), StringBuiltins::trimSuffix),
                Builtin.of(unary("trim_space"), (ctx, a) -> same(a[0], Text.trimSpace(str(a, 0)))),
                Builtin.of(decl("strings.any_prefix_match").arg("search", STRING_OR_LIST).arg("base", STRING_OR_LIST)
                        .result(Types.BOOLEAN).build(), (ctx, a) -> anyMatch(a, false)),
                Builtin.of(decl("strings.any_suffix_match").arg("search", STRING_OR_LIST).arg("base", STRING_OR_LIST)
                        .result(Types.BOOLEAN).build(), (ctx, a) -> anyMatch(a, true)),
                Builtin.of(binary("strings.count", Types.NUMBER),
                        (ctx, a) -> NumberValue.of(Text.count(str(a, 0), str(a, 1)))),
                Builtin.of(unary("strings.reverse"), (ctx, a) -> StringValue.of(Text.reverse(str(a, 0)))),
                Builtin.of(decl("strings.render_template").arg("value", Types.STRING)
                        .arg("vars", Types.objectOf(Types.STRING, Types.ANY)).result(Types.STRING).build(),
                        (ctx, a) -> StringValue.of(GoTemplate.render(str(a, 0), Operands.object(a[1], 2)))));
    }

    private static BuiltinDecl.Builder decl(String name) {
        return BuiltinDecl.builder(name).category("strings");
    }

    private static BuiltinDecl unary(String name) {
        return decl(name).arg("x", Types.STRING).result(Types.STRING).build();
    }

    private static BuiltinDecl binary(String name, Type result) {
        return decl(name).arg("x", Types.STRING).arg("y", Types.STRING).result(result).build();
    }

    private static String str(Value[] a, int i) {
        return Operands.string(a[i], i + 1);
    }

    /** Returns the original value when the operation changed nothing (saves an allocation). */
    private static Value same(Value original, String result) {
        return ((StringValue) original).value().equals(result) ? original : StringValue.of(result);
    }

    static Value concat(BuiltinContext ctx, Value[] a) {
        String delimiter = str(a, 0);
        Iterable<Value> items = switch (a[1]) {
            case ArrayValue arr -> arr;
            case SetValue set -> set;
            default -> throw Operands.typeError(2, a[1], "set", "array");
        };
        StringBuilder sb = new StringBuilder();
        boolean first = true;
        for (Value v : items) {
            if (!(v instanceof StringValue s)) {
                throw Operands.elementError(2, a[1], v, "string");
            }
            if (!first) {
                sb.append(delimiter);
            }
            first = false;
            sb.append(s.value());
        }
        return StringValue.of(sb.toString());
    }

    static Value formatInt(BuiltinContext ctx, Value[] a) {
        NumberValue input = Operands.number(a[0], 1);
        NumberValue base = Operands.number(a[1], 2);
        int radix;
        if (base.equals(NumberValue.of(2))) {
            radix = 2;
        } else if (base.equals(NumberValue.of(8))) {
            radix = 8;
        } else if (base.equals(NumberValue.of(10))) {
            radix = 10;
        } else if (base.equals(NumberValue.of(16))) {
            radix = 16;
        } else {
            throw Operands.error(2, "must be one of {2, 8, 10, 16}");
        }
        // Go's big.Float.Int truncates toward zero.
        BigInteger i = input.bigDecimalValue().setScale(0, RoundingMode.DOWN).toBigInteger();
        return StringValue.of(i.toString(radix));
    }

    static Value indexOf(BuiltinContext ctx, Value[] a) {
        String base = str(a, 0);
        String search = str(a, 1);
        if (search.isEmpty()) {
            throw BuiltinException.builtinError("empty search character");
        }
        return NumberValue.of(Text.codePointIndexOf(base, search));
    }

    static Value indexOfN(BuiltinContext ctx, Value[] a) {
        String base = str(a, 0);
        String search = str(a, 1);
        if (search.isEmpty()) {
            throw BuiltinException.builtinError("empty search character");
        }
        List<Value> out = new ArrayList<>();
        int cpIndex = 0;
        for (int i = 0; i < base.length(); ) {
            if (base.startsWith(search, i)) {
                out.add(NumberValue.of(cpIndex));
            }
            i += Character.charCount(base.codePointAt(i));
            cpIndex++;
        }
        return ArrayValue.of(out);
    }

    static Value replace(BuiltinContext ctx, Value[] a) {
        String s = str(a, 0);
        String old = str(a, 1);
        String replacement = str(a, 2);
        if (!old.isEmpty()) {
            return same(a[0], s.replace(old, replacement));
        }
        return same(a[0], Text.replaceAll(s, new String[] {old}, new String[] {replacement}));
    }

    static Value replaceN(BuiltinContext ctx, Value[] a) {
        ObjectValue patterns = Operands.object(a[0], 1);
        String s = str(a, 1);
        // Object keys are already in OPA's order, which is the order OPA applies the pairs in.
        String[] olds = new String[patterns.size()];
        String[] news = new String[patterns.size()];
        for (int i = 0; i < patterns.size(); i++) {
            if (!(patterns.keyAt(i) instanceof StringValue k)) {
                throw Operands.error(1, "non-string key found in pattern object");
            }
            if (!(patterns.valueAt(i) instanceof StringValue v)) {
                throw Operands.error(1, "non-string value found in pattern object");
            }
            olds[i] = k.value();
            news[i] = v.value();
        }
        return StringValue.of(Text.replaceAll(s, olds, news));
    }

    static Value split(BuiltinContext ctx, Value[] a) {
        String s = str(a, 0);
        String delimiter = str(a, 1);
        List<String> parts = Text.split(s, delimiter);
        Value[] out = new Value[parts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = StringValue.of(parts.get(i));
        }
        return ArrayValue.of(out);
    }

    /** Splits fully, then keeps the first n parts (n > 0) or the last -n parts (n < 0). */
    static Value splitN(BuiltinContext ctx, Value[] a) {
        String s = str(a, 0);
        String delimiter = str(a, 1);
        int n = Operands.integer(a[2], 3);
        List<String> parts = s.isEmpty() ? List.of("") : Text.split(s, delimiter);
        List<String> kept;
        if (n >= 0) {
            kept = parts.subList(0, Math.min(n, parts.size()));
        } else {
            kept = parts.subList(Math.max(0, parts.size() + n), parts.size());
        }
        Value[] out = new Value[kept.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = StringValue.of(kept.get(i));
        }
        return ArrayValue.of(out);
    }

    static Value substring(BuiltinContext ctx, Value[] a) {
        String base = str(a, 0);
        int start = Operands.integer(a[1], 2);
        int length = Operands.integer(a[2], 3);
        if (start < 0) {
            throw BuiltinException.builtinError("negative offset");
        }
        int runes = Text.length(base);
        if (start >= runes) {
            return StringValue.EMPTY;
        }
        int from = base.offsetByCodePoints(0, start);
        if (length < 0 || (long) start + length >= runes) {
            return same(a[0], base.substring(from));
        }
        int to = base.offsetByCodePoints(from, length);
        return StringValue.of(base.substring(from, to));
    }

    static Value trimPrefix(BuiltinContext ctx, Value[] a) {
        String s = str(a, 0);
        String prefix = str(a, 1);
        return s.startsWith(prefix) && !prefix.isEmpty() ? StringValue.of(s.substring(prefix.length())) : a[0];
    }

    static Value trimSuffix(BuiltinContext ctx, Value[] a) {
        String s = str(a, 0);
        String suffix = str(a, 1);
        return s.endsWith(suffix) && !suffix.isEmpty()
                ? StringValue.of(s.substring(0, s.length() - suffix.length())) : a[0];
    }

    private static List<String> stringOrList(Value v, int pos) {
        return switch (v) {
            case StringValue s -> List.of(s.value());
            case ArrayValue arr -> Operands.strings(arr, pos);
            case SetValue set -> Operands.strings(set, pos);
            default -> throw Operands.typeError(pos, v, "string", "set", "array");
        };
    }

    static Value anyMatch(Value[] a, boolean suffix) {
        List<String> strs = stringOrList(a[0], 1);
        List<String> affixes = stringOrList(a[1], 2);
        for (String s : strs) {
            for (String affix : affixes) {
                if (suffix ? s.endsWith(affix) : s.startsWith(affix)) {
                    return BooleanValue.TRUE;
                }
            }
        }
        return BooleanValue.FALSE;
    }

    static Value sprintf(BuiltinContext ctx, Value[] a) {
        String format = str(a, 0);
        if (!(a[1] instanceof ArrayValue values)) {
            throw Operands.typeError(2, a[1], "array");
        }
        List<Object> args = new ArrayList<>(values.size());
        for (Value v : values) {
            args.add(goArgument(v));
        }
        return StringValue.of(GoFormat.sprintf(format, args));
    }

    /** The Go value OPA hands to fmt for one argument: int, *big.Int, float64, or the term's text. */
    static Object goArgument(Value v) {
        return switch (v) {
            case NumberValue n when n.isLong() -> n.longValue();
            case NumberValue n when n.isInteger() && !Double.isInfinite(n.doubleValue()) -> n.bigIntegerValue();
            case NumberValue n -> {
                double d = n.doubleValue();
                if (Double.isInfinite(d)) {
                    yield literalText(n.bigDecimalValue());
                }
                yield d;
            }
            case StringValue s -> s.value();
            default -> v.toString();
        };
    }

    /** A number too large for float64 is printed as OPA keeps it: digits and a plain exponent. */
    private static String literalText(BigDecimal d) {
        String unscaled = d.unscaledValue().toString();
        int scale = d.scale();
        return scale == 0 ? unscaled : unscaled + "e" + (-scale);
    }
}
