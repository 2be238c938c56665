package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Operand checks that produce OPA's standard messages. Positions are 1-based, as in OPA
 * ({@code "operand 1 must be string but got number"}).
 */
public final class Operands {
    private Operands() {}

    /** {@code operand N must be T but got U} or {@code operand N must be one of {T1, T2} but got U}. */
    public static BuiltinException typeError(int pos, Value got, String... expected) {
        if (expected.length == 1) {
            return BuiltinException.typeError("operand " + pos + " must be " + expected[0] + " but got " + got.typeName());
        }
        return BuiltinException.typeError(
                "operand " + pos + " must be one of {" + String.join(", ", expected) + "} but got " + got.typeName());
    }

    /** {@code operand N must be array of strings but got array containing number}. */
    public static BuiltinException elementError(int pos, Value composite, Value got, String... expected) {
        String kind = composite.typeName();
        if (expected.length == 1) {
            return BuiltinException.typeError("operand " + pos + " must be " + kind + " of " + expected[0] + "s but got "
                    + kind + " containing " + got.typeName());
        }
        return BuiltinException.typeError("operand " + pos + " must be " + kind + " of (any of) {"
                + String.join(", ", expected) + "} but got " + kind + " containing " + got.typeName());
    }

    /** {@code operand N <free text>}, for constraints other than type. */
    public static BuiltinException error(int pos, String mustBe) {
        return BuiltinException.typeError("operand " + pos + " " + mustBe);
    }

    public static String string(Value v, int pos) {
        if (v instanceof StringValue s) {
            return s.value();
        }
        throw typeError(pos, v, "string");
    }

    public static NumberValue number(Value v, int pos) {
        if (v instanceof NumberValue n) {
            return n;
        }
        throw typeError(pos, v, "number");
    }

    /** An integer in int range ("operand N must be integer number but got floating-point number"). */
    public static int integer(Value v, int pos) {
        NumberValue n = number(v, pos);
        if (!n.isInteger()) {
            throw error(pos, "must be integer number but got floating-point number");
        }
        Integer i = n.intValueExact();
        if (i == null) {
            throw error(pos, "must be integer number within the 32-bit range");
        }
        return i;
    }

    public static boolean bool(Value v, int pos) {
        if (v instanceof BooleanValue b) {
            return b.value();
        }
        throw typeError(pos, v, "boolean");
    }

    public static ArrayValue array(Value v, int pos) {
        if (v instanceof ArrayValue a) {
            return a;
        }
        throw typeError(pos, v, "array");
    }

    public static SetValue set(Value v, int pos) {
        if (v instanceof SetValue s) {
            return s;
        }
        throw typeError(pos, v, "set");
    }

    public static ObjectValue object(Value v, int pos) {
        if (v instanceof ObjectValue o) {
            return o;
        }
        throw typeError(pos, v, "object");
    }

    /** The strings of an array or set operand. */
    public static List<String> strings(Value v, int pos) {
        Iterable<Value> items = switch (v) {
            case ArrayValue a -> a;
            case SetValue s -> s;
            default -> throw typeError(pos, v, "array", "set");
        };
        List<String> out = new ArrayList<>();
        for (Value e : items) {
            if (!(e instanceof StringValue s)) {
                throw elementError(pos, v, e, "string");
            }
            out.add(s.value());
        }
        return out;
    }
}
