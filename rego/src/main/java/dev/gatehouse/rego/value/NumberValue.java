package dev.gatehouse.rego.value;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * An arbitrary-precision number. Integers that fit in a {@code long} take a fast path with no allocation beyond
 * this object; anything else is held as a normalized {@link BigDecimal} (trailing zeros stripped), so that equal
 * numbers have equal representations and {@code 1}, {@code 1.0} and {@code 1e0} are the same value, as in OPA.
 */
public final class NumberValue implements Value {
    static final int KIND = 2;
    private static final NumberValue[] SMALL = new NumberValue[1024 + 128];
    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = new NumberValue(i - 128, null);
        }
    }
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    /** Precision used for inexact division: Go's big.Float default of 64 mantissa bits is about 19 digits. */
    public static final MathContext DIVISION_CONTEXT = new MathContext(19);

    public static final NumberValue ZERO = of(0);
    public static final NumberValue ONE = of(1);

    private final long small;
    private final BigDecimal big; // null when the value is the long 'small'
    /** The source text when it differs from the canonical form ({@code 1.0}, {@code 1e3}); printed as OPA does. */
    private final String text;

    private NumberValue(long small, BigDecimal big) {
        this(small, big, null);
    }

    private NumberValue(long small, BigDecimal big, String text) {
        this.small = small;
        this.big = big;
        this.text = text;
    }

    /**
     * A number that prints as {@code text} (OPA keeps a number's literal text: {@code 1.0} stays {@code 1.0}) but
     * compares, hashes and computes by value.
     */
    public static NumberValue withText(NumberValue value, String text) {
        if (text == null || text.equals(value.canonical())) {
            return value;
        }
        return new NumberValue(value.small, value.big, text);
    }

    public static NumberValue of(long v) {
        if (v >= -128 && v < SMALL.length - 128) {
            return SMALL[(int) v + 128];
        }
        return new NumberValue(v, null);
    }

    public static NumberValue of(int v) {
        return of((long) v);
    }

    public static NumberValue of(BigInteger v) {
        if (v.bitLength() < 64) {
            return of(v.longValue());
        }
        // Normalize like any other BigDecimal: 10^19 from JSON must equal (and hash like) the literal 1e19.
        return of(new BigDecimal(v));
    }

    public static NumberValue of(BigDecimal v) {
        if (v.signum() == 0) {
            return ZERO;
        }
        BigDecimal stripped = v.stripTrailingZeros();
        if (stripped.scale() <= 0) {
            // Integral: use the long path when it fits; avoid materializing 10^huge for absurd exponents.
            if (stripped.precision() - stripped.scale() <= 19) {
                BigInteger bi = stripped.toBigIntegerExact();
                if (bi.compareTo(LONG_MIN) >= 0 && bi.compareTo(LONG_MAX) <= 0) {
                    return of(bi.longValue());
                }
            }
        }
        return new NumberValue(0, stripped);
    }

    /** Converts a double; NaN and infinities have no Rego representation. */
    public static NumberValue of(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new ArithmeticException("number is not finite: " + d);
        }
        if (d == Math.rint(d) && Math.abs(d) < 9.0e18) {
            return of((long) d);
        }
        return of(new BigDecimal(Double.toString(d)));
    }

    /**
     * Parses a JSON/Rego number literal.
     *
     * @throws NumberFormatException if the text is not a number
     */
    public static NumberValue parse(String text) {
        int n = text.length();
        if (n > 0 && n < 19) {
            boolean digits = true;
            for (int i = (text.charAt(0) == '-' ? 1 : 0); i < n; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    digits = false;
                    break;
                }
            }
            if (digits && !(n == 1 && text.charAt(0) == '-')) {
                return withText(of(Long.parseLong(text)), text);
            }
        }
        return withText(of(new BigDecimal(text)), text);
    }

    /** Whether this number is an integer (has no fractional part). */
    public boolean isInteger() {
        return big == null || big.scale() <= 0;
    }

    /** Whether this number is an integer that fits in a {@code long}. */
    public boolean isLong() {
        return big == null;
    }

    /** The value as a long; only meaningful when {@link #isLong()}. */
    public long longValue() {
        return big == null ? small : big.longValue();
    }

    /** The value as an int when it is an integer in int range, else {@code null}. */
    public Integer intValueExact() {
        if (big == null && small >= Integer.MIN_VALUE && small <= Integer.MAX_VALUE) {
            return (int) small;
        }
        return null;
    }

    public BigDecimal bigDecimalValue() {
        return big == null ? BigDecimal.valueOf(small) : big;
    }

    /** The value as a BigInteger, or {@code null} if it is not an integer. */
    public BigInteger bigIntegerValue() {
        if (big == null) {
            return BigInteger.valueOf(small);
        }
        return big.scale() <= 0 ? big.toBigIntegerExact() : null;
    }

    public double doubleValue() {
        return big == null ? (double) small : big.doubleValue();
    }

    public int signum() {
        return big == null ? Long.signum(small) : big.signum();
    }

    @Override public String typeName() { return "number"; }
    @Override public int kindOrder() { return KIND; }

    @Override
    public int compareSameKind(Value other) {
        NumberValue o = (NumberValue) other;
        if (big == null && o.big == null) {
            return Long.compare(small, o.small);
        }
        return bigDecimalValue().compareTo(o.bigDecimalValue());
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NumberValue n)) {
            return false;
        }
        // Both sides are normalized, so representations are equal exactly when values are.
        if (big == null) {
            return n.big == null && small == n.small;
        }
        return n.big != null && big.equals(n.big);
    }

    @Override
    public int hashCode() {
        return big == null ? Long.hashCode(small) : big.hashCode();
    }

    /**
     * The source text if the number came from a literal or JSON, else the canonical form: integers in full,
     * fractions in plain notation, exponent form for extreme magnitudes.
     */
    @Override
    public String toString() {
        return text != null ? text : canonical();
    }

    private String canonical() {
        if (big == null) {
            return Long.toString(small);
        }
        if (big.scale() <= 0) {
            // Integers print in full unless the exponent is absurd (1e1000000 would be a megabyte of zeros).
            if (big.scale() >= -10_000) {
                return big.toPlainString();
            }
            return goExponent(big);
        }
        int exponent = big.precision() - big.scale() - 1;
        if (exponent < -6 || exponent >= 21) {
            return goExponent(big);
        }
        return big.toPlainString();
    }

    private static String goExponent(BigDecimal d) {
        String unscaled = d.unscaledValue().abs().toString();
        int exponent = d.precision() - d.scale() - 1;
        StringBuilder sb = new StringBuilder();
        if (d.signum() < 0) {
            sb.append('-');
        }
        sb.append(unscaled.charAt(0));
        if (unscaled.length() > 1) {
            sb.append('.').append(unscaled, 1, unscaled.length());
        }
        sb.append('e').append(exponent < 0 ? '-' : '+');
        int abs = Math.abs(exponent);
        if (abs < 10) {
            sb.append('0');
        }
        sb.append(abs);
        return sb.toString();
    }
}
