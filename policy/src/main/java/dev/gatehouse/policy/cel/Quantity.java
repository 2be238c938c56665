package dev.gatehouse.policy.cel;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * A Kubernetes resource quantity ({@code 100m}, {@code 1.5Gi}, {@code 2e3}), parsed exactly as
 * k8s.io/apimachinery {@code resource.ParseQuantity} parses it.
 *
 * <p>The value is exact (arbitrary precision). As in Kubernetes, a value finer than 10<sup>-9</sup> is rounded up
 * (away from zero) to the next nano, and a binary-suffixed value is capped at 2<sup>63</sup>-1. The format
 * (decimal SI, binary SI, decimal exponent) only affects {@link #toString()}, the canonical form. Equality is by
 * value: {@code 1000m} equals {@code 1}.
 *
 * <p>Immutable and thread-safe.
 */
final class Quantity implements Comparable<Quantity> {
  /** The suffix families; the format of a quantity is the family of its suffix. */
  enum Format { DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT }

  static final String FORMAT_ERROR =
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  static final String NUMERIC_ERROR = "unable to parse numeric part of quantity";
  static final String SUFFIX_ERROR = "unable to parse quantity's suffix";

  private static final BigDecimal MAX_ALLOWED = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final int NANO_SCALE = 9;
  /** Exponents beyond this make numbers no resource can have; refusing them keeps parsing cheap on hostile input. */
  private static final int MAX_EXPONENT_MAGNITUDE = 1000;

  private final BigDecimal value;
  private final Format format;

  private Quantity(BigDecimal value, Format format) {
    this.value = value;
    this.format = format;
  }

  static Quantity of(long value) {
    return new Quantity(BigDecimal.valueOf(value), Format.DECIMAL_SI);
  }

  BigDecimal value() {
    return value;
  }

  Format format() {
    return format;
  }

  /** Parses a quantity; the exception message is Kubernetes' error text. */
  static Quantity parse(String str) throws QuantityFormatException {
    if (str.isEmpty()) {
      throw new QuantityFormatException(FORMAT_ERROR);
    }
    if (str.equals("0")) {
      return new Quantity(BigDecimal.ZERO, Format.DECIMAL_SI);
    }
    Parts parts = Parts.split(str);
    int base;
    int exponent;
    Format format;
    switch (parts.suffix) {
      case "n" -> { base = 10; exponent = -9; format = Format.DECIMAL_SI; }
      case "u" -> { base = 10; exponent = -6; format = Format.DECIMAL_SI; }
      case "m" -> { base = 10; exponent = -3; format = Format.DECIMAL_SI; }
      case "" -> { base = 10; exponent = 0; format = Format.DECIMAL_SI; }
      case "k" -> { base = 10; exponent = 3; format = Format.DECIMAL_SI; }
      case "M" -> { base = 10; exponent = 6; format = Format.DECIMAL_SI; }
      case "G" -> { base = 10; exponent = 9; format = Format.DECIMAL_SI; }
      case "T" -> { base = 10; exponent = 12; format = Format.DECIMAL_SI; }
      case "P" -> { base = 10; exponent = 15; format = Format.DECIMAL_SI; }
      case "E" -> { base = 10; exponent = 18; format = Format.DECIMAL_SI; }
      case "Ki" -> { base = 2; exponent = 10; format = Format.BINARY_SI; }
      case "Mi" -> { base = 2; exponent = 20; format = Format.BINARY_SI; }
      case "Gi" -> { base = 2; exponent = 30; format = Format.BINARY_SI; }
      case "Ti" -> { base = 2; exponent = 40; format = Format.BINARY_SI; }
      case "Pi" -> { base = 2; exponent = 50; format = Format.BINARY_SI; }
      case "Ei" -> { base = 2; exponent = 60; format = Format.BINARY_SI; }
      default -> {
        String s = parts.suffix;
        if (s.length() > 1 && (s.charAt(0) == 'e' || s.charAt(0) == 'E')) {
          long parsed;
          try {
            parsed = parseGoInt(s.substring(1));
          } catch (NumberFormatException e) {
            throw new QuantityFormatException(SUFFIX_ERROR);
          }
          base = 10;
          exponent = (int) parsed; // Go truncates the parsed int64 to int32
          format = Format.DECIMAL_EXPONENT;
        } else {
          throw new QuantityFormatException(SUFFIX_ERROR);
        }
      }
    }
    if (Math.abs((long) exponent) > MAX_EXPONENT_MAGNITUDE) {
      throw new QuantityFormatException(NUMERIC_ERROR);
    }
    BigDecimal amount;
    try {
      amount = new BigDecimal(parts.value);
    } catch (NumberFormatException e) {
      amount = parseLenientDecimal(parts.value);
    }
    if (base == 10) {
      amount = amount.scaleByPowerOfTen(exponent);
    } else {
      amount = amount.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(exponent)));
    }
    boolean negative = amount.signum() < 0;
    amount = amount.abs();
    if (amount.signum() != 0 && amount.scale() > NANO_SCALE) {
      // Kubernetes rounds up so that a tiny request still asks for something.
      amount = amount.setScale(NANO_SCALE, RoundingMode.UP);
    }
    if (format == Format.BINARY_SI && amount.compareTo(MAX_ALLOWED) > 0) {
      amount = MAX_ALLOWED;
    }
    if (format == Format.BINARY_SI && amount.compareTo(BigDecimal.ONE) < 0) {
      format = Format.DECIMAL_SI;
    }
    return new Quantity(negative ? amount.negate() : amount, format);
  }

  /** Go's strconv.ParseInt(s, 10, 64): optional sign then digits. */
  private static long parseGoInt(String s) {
    if (s.isEmpty()) {
      throw new NumberFormatException(s);
    }
    int i = (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
    if (i == s.length()) {
      throw new NumberFormatException(s);
    }
    for (int j = i; j < s.length(); j++) {
      if (s.charAt(j) < '0' || s.charAt(j) > '9') {
        throw new NumberFormatException(s);
      }
    }
    return Long.parseLong(s.charAt(0) == '+' ? s.substring(1) : s);
  }

  /** Accepts the forms Go's parser lets through that BigDecimal refuses: "1.", ".", "+", "-", "-.5". */
  private static BigDecimal parseLenientDecimal(String v) throws QuantityFormatException {
    String s = v;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    int dot = s.indexOf('.');
    String whole = dot < 0 ? s : s.substring(0, dot);
    String fraction = dot < 0 ? "" : s.substring(dot + 1);
    String digits = (whole.isEmpty() ? "0" : whole) + (fraction.isEmpty() ? "" : "." + fraction);
    try {
      BigDecimal d = new BigDecimal(digits);
      return negative ? d.negate() : d;
    } catch (NumberFormatException e) {
      throw new QuantityFormatException(NUMERIC_ERROR);
    }
  }

  /** The pieces of a quantity string, split the way resource.parseQuantityString does. */
  private record Parts(String value, String suffix) {
    static Parts split(String str) throws QuantityFormatException {
      int pos = 0;
      int end = str.length();
      if (pos < end && (str.charAt(0) == '-' || str.charAt(0) == '+')) {
        pos++;
      }
      while (true) {
        if (pos >= end) {
          return new Parts(str.substring(0, end).matches("[+-]?0*") ? "0" : str, "");
        }
        if (str.charAt(pos) != '0') {
          break;
        }
        pos++;
      }
      while (pos < end && isDigit(str.charAt(pos))) {
        pos++;
      }
      if (pos >= end) {
        return new Parts(str, "");
      }
      if (str.charAt(pos) == '.') {
        pos++;
        while (pos < end && isDigit(str.charAt(pos))) {
          pos++;
        }
        if (pos >= end) {
          return new Parts(str, "");
        }
      }
      String value = str.substring(0, pos);
      int suffixStart = pos;
      while (pos < end && "eEinumkKMGTP".indexOf(str.charAt(pos)) >= 0) {
        pos++;
      }
      if (pos >= end) {
        return new Parts(value, str.substring(suffixStart));
      }
      if (str.charAt(pos) == '-' || str.charAt(pos) == '+') {
        pos++;
      }
      while (pos < end && isDigit(str.charAt(pos))) {
        pos++;
      }
      if (pos < end) {
        throw new QuantityFormatException(FORMAT_ERROR);
      }
      return new Parts(value, str.substring(suffixStart));
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }
  }

  Quantity add(Quantity other) {
    return new Quantity(value.add(other.value), value.signum() == 0 ? other.format : format);
  }

  Quantity subtract(Quantity other) {
    return new Quantity(value.subtract(other.value), value.signum() == 0 ? other.format : format);
  }

  int sign() {
    return value.signum();
  }

  /** The value as int64 when it is an integer in range, as Quantity.AsInt64. */
  Long asLong() {
    BigDecimal stripped = value.stripTrailingZeros();
    if (stripped.scale() > 0) {
      return null;
    }
    try {
      return stripped.longValueExact();
    } catch (ArithmeticException e) {
      return null;
    }
  }

  /** Quantity.AsApproximateFloat64: the unscaled value times a power of ten, both as float64. */
  double asApproximateDouble() {
    double base = value.unscaledValue().doubleValue();
    int exponent = -value.scale();
    if (exponent == 0) {
      return base;
    }
    if (exponent > 308) {
      return base == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, base);
    }
    if (exponent < -323) {
      return Math.copySign(0.0, base);
    }
    return base * Double.parseDouble("1e" + exponent);
  }

  @Override
  public int compareTo(Quantity other) {
    return value.compareTo(other.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Quantity q && value.compareTo(q.value) == 0;
  }

  @Override
  public int hashCode() {
    return value.stripTrailingZeros().hashCode();
  }

  /** The canonical form, as Quantity.String(): {@code 1500m} for 1.5, {@code 1Gi}, {@code 1e3}. */
  @Override
  public String toString() {
    if (value.signum() == 0) {
      return "0";
    }
    Format f = format;
    if (f == Format.BINARY_SI) {
      BigDecimal abs = value.abs();
      if (abs.compareTo(BigDecimal.valueOf(1024)) < 0 || abs.stripTrailingZeros().scale() > 0) {
        f = Format.DECIMAL_SI;
      }
    }
    if (f == Format.BINARY_SI) {
      BigInteger amount = value.toBigIntegerExact();
      int exponent = 0;
      BigInteger k = BigInteger.valueOf(1024);
      while (exponent < 6 && amount.mod(k).signum() == 0) {
        amount = amount.divide(k);
        exponent++;
      }
      String[] suffixes = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
      return amount + suffixes[exponent];
    }
    BigDecimal stripped = value.stripTrailingZeros();
    BigInteger mantissa = stripped.unscaledValue();
    int exponent = -stripped.scale();
    while (Math.floorMod(exponent, 3) != 0) {
      mantissa = mantissa.multiply(BigInteger.TEN);
      exponent--;
    }
    if (f == Format.DECIMAL_EXPONENT) {
      return exponent == 0 ? mantissa.toString() : mantissa + "e" + exponent;
    }
    String suffix = switch (exponent) {
      case -9 -> "n";
      case -6 -> "u";
      case -3 -> "m";
      case 0 -> "";
      case 3 -> "k";
      case 6 -> "M";
      case 9 -> "G";
      case 12 -> "T";
      case 15 -> "P";
      case 18 -> "E";
      default -> null;
    };
    return suffix == null ? mantissa + "e" + exponent : mantissa + suffix;
  }

  /** A string that is not a quantity; the message is Kubernetes' error text. */
  static final class QuantityFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    QuantityFormatException(String message) {
      super(message, null, false, false);
    }
  }
}
