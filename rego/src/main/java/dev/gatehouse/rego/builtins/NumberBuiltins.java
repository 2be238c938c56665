package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.Value;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Number builtins other than the arithmetic operators (OPA's {@code arithmetic.go} and {@code numbers.go}): abs,
 * round, ceil, floor, numbers.range, numbers.range_step and rand.intn. Stateless; rand.intn remembers its results
 * in the query cache so one evaluation sees one value per (seed string, n).
 */
final class NumberBuiltins implements BuiltinFamily {

    /** Ranges beyond this many elements are refused rather than exhausting memory. */
    static final long MAX_RANGE = 10_000_000;

    private record RandKey(String seed, long n) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public List<Builtin> builtins() {
        return List.of(
                unary("abs", n -> n.signum() < 0 ? NumberValue.of(n.bigDecimalValue().negate()) : n),
                unary("round", n -> n.isInteger() ? n : NumberValue.of(n.bigDecimalValue().setScale(0, RoundingMode.HALF_UP))),
                unary("ceil", n -> n.isInteger() ? n : NumberValue.of(n.bigDecimalValue().setScale(0, RoundingMode.CEILING))),
                unary("floor", n -> n.isInteger() ? n : NumberValue.of(n.bigDecimalValue().setScale(0, RoundingMode.FLOOR))),
                Builtin.of(BuiltinDecl.builder("numbers.range").category("numbers").arg("a", Types.NUMBER)
                        .arg("b", Types.NUMBER).result(Types.arrayOf(Types.NUMBER)).build(),
                        (ctx, a) -> range(ctx, bigInt(a[0], 1), bigInt(a[1], 2), BigInteger.ONE)),
                Builtin.of(BuiltinDecl.builder("numbers.range_step").category("numbers").arg("a", Types.NUMBER)
                        .arg("b", Types.NUMBER).arg("step", Types.NUMBER).result(Types.arrayOf(Types.NUMBER)).build(),
                        NumberBuiltins::rangeStep),
                Builtin.of(BuiltinDecl.builder("rand.intn").category("numbers").arg("str", Types.STRING)
                        .arg("n", Types.NUMBER).result(Types.NUMBER).nondeterministic().build(),
                        NumberBuiltins::randIntn));
    }

    private static Builtin unary(String name, UnaryOperator<NumberValue> op) {
        return Builtin.of(BuiltinDecl.builder(name).category("numbers").arg("x", Types.NUMBER).result(Types.NUMBER).build(),
                (ctx, a) -> op.apply(Operands.number(a[0], 1)));
    }

    /** OPA's BigIntOperand: "must be integer but got T" for non-numbers, the floating-point message otherwise. */
    static BigInteger bigInt(Value v, int pos) {
        if (!(v instanceof NumberValue n)) {
            throw Operands.typeError(pos, v, "integer");
        }
        BigInteger i = n.bigIntegerValue();
        if (i == null) {
            throw Operands.error(pos, "must be integer number but got floating-point number");
        }
        return i;
    }

    static Value rangeStep(BuiltinContext ctx, Value[] a) {
        BigInteger x = bigInt(a[0], 1);
        BigInteger y = bigInt(a[1], 2);
        BigInteger step = bigInt(a[2], 3);
        if (step.signum() <= 0) {
            throw BuiltinException.builtinError("step must be a positive integer");
        }
        return range(ctx, x, y, step);
    }

    static Value range(BuiltinContext ctx, BigInteger x, BigInteger y, BigInteger step) {
        BigInteger span = y.subtract(x).abs().divide(step);
        if (span.compareTo(BigInteger.valueOf(MAX_RANGE)) >= 0) {
            throw BuiltinException.builtinError("range of " + span.add(BigInteger.ONE) + " numbers is too large");
        }
        int n = span.intValueExact() + 1;
        List<Value> out = new ArrayList<>(n);
        boolean up = x.compareTo(y) <= 0;
        BigInteger cur = x;
        for (int i = 0; i < n; i++) {
            if ((i & 0xffff) == 0xffff && ctx != null) {
                ctx.checkCancelled();
            }
            out.add(Numbers.of(cur));
            cur = up ? cur.add(step) : cur.subtract(step);
        }
        return ArrayValue.of(out);
    }

    static Value randIntn(BuiltinContext ctx, Value[] a) {
        String seed = Operands.string(a[0], 1);
        NumberValue nv = Operands.number(a[1], 2);
        if (!nv.isInteger()) {
            throw Operands.error(2, "must be integer number but got floating-point number");
        }
        if (!nv.isLong()) {
            throw Operands.error(2, "must be integer number within the 64-bit range");
        }
        long n = Math.abs(nv.longValue());
        if (n == 0) {
            return NumberValue.ZERO;
        }
        RandKey key = new RandKey(seed, n);
        Object cached = ctx.cache().get(key);
        if (cached instanceof Value v) {
            return v;
        }
        Value result = NumberValue.of(RANDOM.nextLong(n));
        ctx.cache().put(key, result);
        return result;
    }
}
