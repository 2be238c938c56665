package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.OpaFloat;
import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.Value;
import java.math.BigInteger;
import java.util.List;

/**
 * The arithmetic operators {@code + - * / %}. Integers are exact (a long fast path, then BigInteger); other
 * numbers follow OPA's 64-bit-mantissa floats and shortest formatting ({@link OpaFloat}). {@code -} on two sets is
 * set difference, as in OPA.
 */
final class ArithmeticBuiltins implements BuiltinFamily {

    @Override
    public List<Builtin> builtins() {
        return List.of(
                Builtin.of(binary("plus", "+", Types.NUMBER), ArithmeticBuiltins::plus),
                Builtin.of(BuiltinDecl.builder("minus").infix("-")
                        .arg("x", Types.anyOf(Types.NUMBER, Types.ANY_SET))
                        .arg("y", Types.anyOf(Types.NUMBER, Types.ANY_SET))
                        .result(Types.anyOf(Types.NUMBER, Types.ANY_SET)).category("numbers").category("sets").build(),
                        ArithmeticBuiltins::minus),
                Builtin.of(binary("mul", "*", Types.NUMBER), ArithmeticBuiltins::mul),
                Builtin.of(binary("div", "/", Types.NUMBER), ArithmeticBuiltins::div),
                Builtin.of(binary("rem", "%", Types.NUMBER), ArithmeticBuiltins::rem));
    }

    private static BuiltinDecl binary(String name, String infix, Type type) {
        return BuiltinDecl.builder(name).infix(infix).arg("x", type).arg("y", type).result(type)
                .category("numbers").build();
    }

    static Value plus(BuiltinContext ctx, Value[] a) {
        NumberValue x = Operands.number(a[0], 1);
        NumberValue y = Operands.number(a[1], 2);
        if (x.isLong() && y.isLong()) {
            long r = x.longValue() + y.longValue();
            // Overflow iff both operands have the same sign and the result's sign differs.
            if (((x.longValue() ^ r) & (y.longValue() ^ r)) >= 0) {
                return NumberValue.of(r);
            }
        }
        if (!(x.isInteger() && y.isInteger()) && OpaFloat.supports(x) && OpaFloat.supports(y)) {
            return OpaFloat.add(x, y);
        }
        return NumberValue.of(bounded(x, y) ? x.bigDecimalValue().add(y.bigDecimalValue())
                : x.bigDecimalValue().add(y.bigDecimalValue(), HUGE));
    }

    /**
     * Precision for operands with absurd exponents (1e1000000000): exact results would need gigabytes of digits,
     * so such sums are rounded instead.
     */
    private static final java.math.MathContext HUGE = java.math.MathContext.DECIMAL128;

    /** Whether both operands are small enough for exact arithmetic. */
    private static boolean bounded(NumberValue x, NumberValue y) {
        return OpaFloat.supports(x) && OpaFloat.supports(y);
    }

    static Value minus(BuiltinContext ctx, Value[] a) {
        if (a[0] instanceof NumberValue x && a[1] instanceof NumberValue y) {
            if (x.isLong() && y.isLong()) {
                long r = x.longValue() - y.longValue();
                if (((x.longValue() ^ y.longValue()) & (x.longValue() ^ r)) >= 0) {
                    return NumberValue.of(r);
                }
            }
            if (!(x.isInteger() && y.isInteger()) && OpaFloat.supports(x) && OpaFloat.supports(y)) {
                return OpaFloat.subtract(x, y);
            }
            return NumberValue.of(bounded(x, y) ? x.bigDecimalValue().subtract(y.bigDecimalValue())
                    : x.bigDecimalValue().subtract(y.bigDecimalValue(), HUGE));
        }
        if (a[0] instanceof SetValue x && a[1] instanceof SetValue y) {
            return x.minus(y);
        }
        if (!(a[0] instanceof NumberValue) && !(a[0] instanceof SetValue)) {
            throw Operands.typeError(1, a[0], "number", "set");
        }
        if (!(a[1] instanceof NumberValue) && !(a[1] instanceof SetValue)) {
            throw Operands.typeError(2, a[1], "number", "set");
        }
        throw Operands.typeError(2, a[1], a[0].typeName());
    }

    static Value mul(BuiltinContext ctx, Value[] a) {
        NumberValue x = Operands.number(a[0], 1);
        NumberValue y = Operands.number(a[1], 2);
        if (x.isLong() && y.isLong()) {
            long hi = Math.multiplyHigh(x.longValue(), y.longValue());
            long lo = x.longValue() * y.longValue();
            if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
                return NumberValue.of(lo);
            }
        }
        if (!(x.isInteger() && y.isInteger()) && OpaFloat.supports(x) && OpaFloat.supports(y)) {
            return OpaFloat.multiply(x, y);
        }
        return NumberValue.of(bounded(x, y) ? x.bigDecimalValue().multiply(y.bigDecimalValue())
                : x.bigDecimalValue().multiply(y.bigDecimalValue(), HUGE));
    }

    static Value div(BuiltinContext ctx, Value[] a) {
        NumberValue x = Operands.number(a[0], 1);
        NumberValue y = Operands.number(a[1], 2);
        if (y.signum() == 0) {
            throw BuiltinException.builtinError("divide by zero");
        }
        if (x.isLong() && y.isLong() && y.longValue() != -1 && x.longValue() % y.longValue() == 0) {
            return NumberValue.of(x.longValue() / y.longValue());
        }
        if (x.isInteger() && y.isInteger() && bounded(x, y)) {
            java.math.BigInteger[] qr = x.bigIntegerValue().divideAndRemainder(y.bigIntegerValue());
            if (qr[1].signum() == 0) {
                return NumberValue.of(qr[0]);
            }
        }
        if (OpaFloat.supports(x) && OpaFloat.supports(y)) {
            return OpaFloat.divide(x, y);
        }
        return NumberValue.of(x.bigDecimalValue().divide(y.bigDecimalValue(), NumberValue.DIVISION_CONTEXT));
    }

    static Value rem(BuiltinContext ctx, Value[] a) {
        NumberValue x = Operands.number(a[0], 1);
        NumberValue y = Operands.number(a[1], 2);
        if (!x.isInteger() || !y.isInteger()) {
            throw BuiltinException.builtinError("modulo on floating-point number");
        }
        if (y.signum() == 0) {
            throw BuiltinException.builtinError("modulo by zero");
        }
        if (x.isLong() && y.isLong()) {
            if (y.longValue() == -1) {
                return NumberValue.ZERO;
            }
            return NumberValue.of(x.longValue() % y.longValue());
        }
        if (!bounded(x, y)) {
            throw BuiltinException.builtinError("modulo operand too large");
        }
        BigInteger r = x.bigIntegerValue().remainder(y.bigIntegerValue());
        return NumberValue.of(r);
    }
}
