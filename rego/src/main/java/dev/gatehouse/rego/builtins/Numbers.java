package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.NumberValue;
import java.math.BigDecimal;
import java.math.BigInteger;

/** Number construction that keeps values normalized whatever their size. Stateless. */
final class Numbers {
    private Numbers() {}

    /**
     * A number from a big integer. Goes through BigDecimal so that an integer with trailing zeros beyond the
     * long range (10^19) gets the same normalized representation as the literal {@code 1e19} and compares equal.
     */
    static NumberValue of(BigInteger v) {
        return v.bitLength() < 64 ? NumberValue.of(v.longValue()) : NumberValue.of(new BigDecimal(v));
    }
}
