package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.Value;
import java.math.BigInteger;
import java.util.List;
import java.util.function.BinaryOperator;

/** Bitwise builtins on arbitrary-size integers, two's complement as Go's big.Int (OPA's {@code bits.go}). */
final class BitsBuiltins implements BuiltinFamily {

    /** Left shifts beyond this many bits would allocate absurd numbers; OPA would exhaust memory instead. */
    private static final int MAX_SHIFT = 1 << 16;

    @Override
    public List<Builtin> builtins() {
        return List.of(
                binary("bits.or", BigInteger::or),
                binary("bits.and", BigInteger::and),
                binary("bits.xor", BigInteger::xor),
                Builtin.of(BuiltinDecl.builder("bits.negate").category("bits").arg("x", Types.NUMBER)
                        .result(Types.NUMBER).build(), (ctx, a) -> Numbers.of(integer(a[0], 1).not())),
                Builtin.of(decl("bits.lsh"), (ctx, a) -> {
                    BigInteger x = integer(a[0], 1);
                    int s = shift(a[1]);
                    if (s > MAX_SHIFT) {
                        throw BuiltinException.builtinError("shift of " + s + " bits is too large");
                    }
                    return Numbers.of(x.shiftLeft(s));
                }),
                Builtin.of(decl("bits.rsh"), (ctx, a) -> Numbers.of(integer(a[0], 1).shiftRight(shift(a[1])))));
    }

    private static BuiltinDecl decl(String name) {
        return BuiltinDecl.builder(name).category("bits").arg("x", Types.NUMBER).arg("y", Types.NUMBER)
                .result(Types.NUMBER).build();
    }

    private static Builtin binary(String name, BinaryOperator<BigInteger> op) {
        return Builtin.of(decl(name), (ctx, a) -> Numbers.of(op.apply(integer(a[0], 1), integer(a[1], 2))));
    }

    private static BigInteger integer(Value v, int pos) {
        return NumberBuiltins.bigInt(v, pos);
    }

    private static int shift(Value v) {
        BigInteger s = integer(v, 2);
        if (s.signum() < 0) {
            throw Operands.error(2, "must be an unsigned integer number but got a negative integer");
        }
        return s.bitLength() > 31 ? Integer.MAX_VALUE : s.intValue();
    }
}
