package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.NumberValue;
import java.math.BigInteger;

/** Number construction that keeps values normalized whatever their size. Stateless. */
final class Numbers {
    private Numbers() {}

    /** A number from a big integer, normalized so that it equals the same value written any other way. */
    static NumberValue of(BigInteger v) {
        return NumberValue.of(v);
    }
}
