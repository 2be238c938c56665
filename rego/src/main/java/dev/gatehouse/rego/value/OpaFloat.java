package dev.gatehouse.rego.value;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Arithmetic on non-integers as OPA performs it: operands become binary floats with a 64-bit mantissa (Go's
 * {@code big.Float} default precision), the operation is rounded to 64 bits, and the result is written as the
 * shortest decimal that reads back to the same float, in Go's {@code %g} style ({@code 0.1}, {@code 1e-05},
 * {@code 1.2345675e+06}). Integers are left to exact arithmetic by callers. Stateless and thread-safe.
 */
public final class OpaFloat {
    private static final int PREC = 64;

    /** value = mantissa * 2^exponent, with |mantissa| < 2^64. */
    private record Bin(BigInteger mantissa, int exponent) {}

    private OpaFloat() {}

    /**
     * Whether a number is in the range this class handles; beyond it (exponents over a thousand digits) callers
     * use exact decimal arithmetic so hostile literals cannot force huge allocations.
     */
    public static boolean supports(NumberValue n) {
        BigDecimal d = n.bigDecimalValue();
        return Math.abs(d.scale()) <= 1000 && d.precision() <= 1000;
    }

    public static NumberValue add(NumberValue a, NumberValue b) {
        Bin x = toBin(a.bigDecimalValue());
        Bin y = toBin(b.bigDecimalValue());
        int e = Math.min(x.exponent, y.exponent);
        BigInteger sum = x.mantissa.shiftLeft(x.exponent - e).add(y.mantissa.shiftLeft(y.exponent - e));
        return toNumber(round(sum, e));
    }

    public static NumberValue subtract(NumberValue a, NumberValue b) {
        return add(a, NumberValue.of(b.bigDecimalValue().negate()));
    }

    public static NumberValue multiply(NumberValue a, NumberValue b) {
        Bin x = toBin(a.bigDecimalValue());
        Bin y = toBin(b.bigDecimalValue());
        return toNumber(round(x.mantissa.multiply(y.mantissa), x.exponent + y.exponent));
    }

    /** Quotient; the divisor must not be zero. */
    public static NumberValue divide(NumberValue a, NumberValue b) {
        Bin x = toBin(a.bigDecimalValue());
        Bin y = toBin(b.bigDecimalValue());
        if (x.mantissa.signum() == 0) {
            return NumberValue.ZERO;
        }
        Bin q = quotient(x.mantissa.abs(), y.mantissa.abs(), x.exponent - y.exponent);
        return toNumber(x.mantissa.signum() * y.mantissa.signum() < 0 ? negate(q) : q);
    }

    /** (num / den) * 2^e for positive num and den, rounded to 64 bits. */
    private static Bin quotient(BigInteger num, BigInteger den, int e) {
        // Scale the numerator so the integer quotient has well over 64 significant bits.
        int shift = Math.max(0, 2 * PREC + 2 + den.bitLength() - num.bitLength());
        BigInteger[] qr = num.shiftLeft(shift).divideAndRemainder(den);
        // A non-zero remainder becomes a sticky low bit, so rounding never mistakes "above half" for a tie.
        BigInteger q = qr[0].shiftLeft(1).or(qr[1].signum() == 0 ? BigInteger.ZERO : BigInteger.ONE);
        return round(q, e - shift - 1);
    }

    private static Bin negate(Bin b) {
        return new Bin(b.mantissa.negate(), b.exponent);
    }

    /** The decimal {@code d} rounded to a 64-bit-mantissa binary float (round half to even). */
    private static Bin toBin(BigDecimal d) {
        if (d.signum() == 0) {
            return new Bin(BigInteger.ZERO, 0);
        }
        BigInteger mag = d.unscaledValue().abs();
        int scale = d.scale();
        Bin r = scale <= 0
                ? round(mag.multiply(BigInteger.TEN.pow(-scale)), 0)
                : quotient(mag, BigInteger.TEN.pow(scale), 0);
        return d.signum() < 0 ? negate(r) : r;
    }

    /** Rounds n * 2^e to 64 significant bits, half to even (sign-magnitude, as big.Float does). */
    private static Bin round(BigInteger n, int e) {
        int sign = n.signum();
        BigInteger mag = n.abs();
        int excess = mag.bitLength() - PREC;
        if (excess > 0) {
            BigInteger kept = mag.shiftRight(excess);
            BigInteger dropped = mag.subtract(kept.shiftLeft(excess));
            BigInteger half = BigInteger.ONE.shiftLeft(excess - 1);
            int c = dropped.compareTo(half);
            if (c > 0 || (c == 0 && kept.testBit(0))) {
                kept = kept.add(BigInteger.ONE);
            }
            mag = kept;
            e += excess;
            if (mag.bitLength() > PREC) {
                mag = mag.shiftRight(1);
                e += 1;
            }
        }
        return new Bin(sign < 0 ? mag.negate() : mag, e);
    }

    private static BigDecimal exact(Bin b) {
        if (b.exponent >= 0) {
            return new BigDecimal(b.mantissa.shiftLeft(b.exponent));
        }
        return new BigDecimal(b.mantissa.multiply(BigInteger.valueOf(5).pow(-b.exponent)), -b.exponent);
    }

    private static NumberValue toNumber(Bin b) {
        if (b.mantissa.signum() == 0) {
            return NumberValue.ZERO;
        }
        BigDecimal exact = exact(b);
        BigDecimal shortest = exact;
        for (int digits = 1; digits <= 40; digits++) {
            BigDecimal cand = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (toBin(cand).equals(b)) {
                shortest = cand;
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        String text;
        if (shortest.scale() <= 0) {
            text = shortest.toPlainString();
        } else {
            int exp = shortest.precision() - shortest.scale() - 1;
            if (exp < -4 || exp >= 6) {
                String digits = shortest.unscaledValue().abs().toString();
                StringBuilder sb = new StringBuilder();
                if (shortest.signum() < 0) {
                    sb.append('-');
                }
                sb.append(digits.charAt(0));
                if (digits.length() > 1) {
                    sb.append('.').append(digits, 1, digits.length());
                }
                sb.append('e').append(exp < 0 ? '-' : '+');
                int abs = Math.abs(exp);
                sb.append(abs < 10 ? "0" : "").append(abs);
                text = sb.toString();
            } else {
                text = shortest.toPlainString();
            }
        }
        return NumberValue.withText(NumberValue.of(shortest), text);
    }
}
