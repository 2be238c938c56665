package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.NullValue;
import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** {@code to_number} and the deprecated {@code cast_*} builtins (OPA's {@code casts.go}). Stateless. */
final class CastBuiltins implements BuiltinFamily {

    /** Go's decimal float syntax as strconv.ParseFloat accepts it (underscores are rejected there too). */
    private static final BigDecimal MAX_FLOAT64 = new BigDecimal(Double.MAX_VALUE);
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    @Override
    public List<Builtin> builtins() {
        return List.of(
                Builtin.of(BuiltinDecl.builder("to_number").category("conversions")
                        .arg("x", Types.anyOf(Types.NULL, Types.BOOLEAN, Types.NUMBER, Types.STRING))
                        .result(Types.NUMBER).build(), CastBuiltins::toNumber),
                cast("cast_array", Types.ANY_ARRAY, CastBuiltins::castArray),
                cast("cast_set", Types.ANY_SET, CastBuiltins::castSet),
                cast("cast_string", Types.STRING, (ctx, a) -> only(a[0], StringValue.class, "string")),
                cast("cast_boolean", Types.BOOLEAN, (ctx, a) -> only(a[0], BooleanValue.class, "boolean")),
                cast("cast_null", Types.NULL, (ctx, a) -> only(a[0], NullValue.class, "null")),
                cast("cast_object", Types.ANY_OBJECT, (ctx, a) -> only(a[0], ObjectValue.class, "object")));
    }

    private static Builtin cast(String name, Type result, BuiltinFunction f) {
        return Builtin.of(BuiltinDecl.builder(name).category("casts").arg("x", Types.ANY).result(result)
                .deprecated().build(), f);
    }

    static Value toNumber(BuiltinContext ctx, Value[] a) {
        return switch (a[0]) {
            case NullValue n -> NumberValue.ZERO;
            case BooleanValue b -> b.value() ? NumberValue.ONE : NumberValue.ZERO;
            case NumberValue n -> n;
            case StringValue s -> parse(s);
            default -> throw Operands.typeError(1, a[0], "null", "boolean", "number", "string");
        };
    }

    private static Value parse(StringValue s) {
        String text = s.value();
        NumberValue plain = plainInteger(text);
        if (plain != null) {
            return plain;
        }
        int signs = 0;
        while (signs < text.length() && (text.charAt(signs) == '+' || text.charAt(signs) == '-')) {
            signs++;
        }
        // Only a 3- or 8-character rest can spell inf/nan/infinity: lower-casing never shortens a string.
        int rest = text.length() - signs;
        String bare = rest == 3 || rest == 8 ? text.substring(signs).toLowerCase(Locale.ROOT) : "";
        if (bare.equals("inf") || bare.equals("infinity") || bare.equals("nan")) {
            throw Operands.typeError(1, s, "valid number string");
        }
        if (!DECIMAL.matcher(text).matches()) {
            throw BuiltinException.builtinError("strconv.ParseFloat: parsing " + GoFormat.quote(text) + ": invalid syntax");
        }
        BigDecimal d = new BigDecimal(text.startsWith("+") ? text.substring(1) : text);
        // Go's ParseFloat rejects magnitudes beyond float64 (and OPA with it); checking the exponent first keeps
        // the comparison cheap for absurd inputs like 1e999999999.
        if ((long) d.precision() - d.scale() > 400 || d.abs().compareTo(MAX_FLOAT64) > 0) {
            throw BuiltinException.builtinError("strconv.ParseFloat: parsing " + GoFormat.quote(text)
                    + ": value out of range");
        }
        return NumberValue.of(d);
    }

    /**
     * The value of an optionally negative run of at most 18 ASCII digits (the usual case: "100", "-5"), which
     * fits a long and needs neither the syntax check nor BigDecimal; null for anything else.
     */
    private static NumberValue plainInteger(String text) {
        int n = text.length();
        int start = n > 0 && text.charAt(0) == '-' ? 1 : 0;
        if (n == start || n - start > 18) {
            return null;
        }
        long v = 0;
        for (int i = start; i < n; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            v = v * 10 + (c - '0');
        }
        return NumberValue.of(start == 1 ? -v : v);
    }

    private static Value only(Value v, Class<? extends Value> kind, String name) {
        if (kind.isInstance(v)) {
            return v;
        }
        throw Operands.typeError(1, v, name);
    }

    static Value castArray(BuiltinContext ctx, Value[] a) {
        return switch (a[0]) {
            case ArrayValue arr -> arr;
            case SetValue s -> ArrayValue.of(s.toList());
            default -> throw Operands.typeError(1, a[0], "array", "set");
        };
    }

    static Value castSet(BuiltinContext ctx, Value[] a) {
        return switch (a[0]) {
            case ArrayValue arr -> SetValue.of(arr.asList());
            case SetValue s -> s;
            default -> throw Operands.typeError(1, a[0], "array", "set");
        };
    }
}
