package dev.gatehouse.policy.cel;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.values.CelByteString;
import dev.cel.runtime.CelEvaluationException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * CEL comparison, equality and addition over runtime values, as the Kubernetes libraries need them for lists of
 * any element type (including {@code dyn} lists mixing int and double). Stateless, thread-safe.
 */
final class CelOperations {
  private CelOperations() {}

  /** A library error: the message becomes the evaluation error's message. */
  static CelEvaluationException error(String message) {
    return new CelEvaluationException(message);
  }

  /** Orders two comparable CEL values (numbers across int, uint and double), or fails with "no such overload". */
  static int compare(Object a, Object b) throws CelEvaluationException {
    if (isNumber(a) && isNumber(b)) {
      return compareNumbers(a, b);
    }
    if (a instanceof String x && b instanceof String y) {
      return compareCodePoints(x, y);
    }
    if (a instanceof Boolean x && b instanceof Boolean y) {
      return Boolean.compare(x, y);
    }
    if (a instanceof Duration x && b instanceof Duration y) {
      return x.compareTo(y);
    }
    if (a instanceof Instant x && b instanceof Instant y) {
      return x.compareTo(y);
    }
    if (a instanceof CelByteString x && b instanceof CelByteString y) {
      byte[] p = x.toByteArray();
      byte[] q = y.toByteArray();
      return java.util.Arrays.compareUnsigned(p, q);
    }
    throw error("no such overload");
  }

  /** CEL equality: numbers compare by value across types, lists and maps element-wise, other values by equals. */
  static boolean equal(Object a, Object b) {
    if (isNumber(a) && isNumber(b)) {
      return compareNumbersOrNaN(a, b);
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      Iterator<?> i = x.iterator();
      Iterator<?> j = y.iterator();
      while (i.hasNext()) {
        if (!equal(i.next(), j.next())) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!y.containsKey(e.getKey()) || !equal(e.getValue(), y.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(a, b);
  }

  /** Adds two summable values of the same kind (int, uint, double, duration). */
  static Object add(Object a, Object b) throws CelEvaluationException {
    if (a instanceof Long x && b instanceof Long y) {
      try {
        return Math.addExact(x, y);
      } catch (ArithmeticException e) {
        throw error("integer overflow");
      }
    }
    if (a instanceof Double x && b instanceof Double y) {
      return x + y;
    }
    if (a instanceof UnsignedLong x && b instanceof UnsignedLong y) {
      UnsignedLong sum = x.plus(y);
      if (sum.compareTo(x) < 0) {
        throw error("unsigned integer overflow");
      }
      return sum;
    }
    if (a instanceof Duration x && b instanceof Duration y) {
      return x.plus(y);
    }
    throw error("no such overload");
  }

  static boolean isNumber(Object v) {
    return v instanceof Long || v instanceof Double || v instanceof UnsignedLong;
  }

  /** Compares strings by Unicode code point, as Go compares UTF-8 bytes (Java's compareTo uses UTF-16 units). */
  static int compareCodePoints(String x, String y) {
    int i = 0;
    int j = 0;
    while (i < x.length() && j < y.length()) {
      int c = x.codePointAt(i);
      int d = y.codePointAt(j);
      if (c != d) {
        return Integer.compare(c, d);
      }
      i += Character.charCount(c);
      j += Character.charCount(d);
    }
    return Boolean.compare(i < x.length(), j < y.length());
  }

  private static boolean compareNumbersOrNaN(Object a, Object b) {
    if ((a instanceof Double x && x.isNaN()) || (b instanceof Double y && y.isNaN())) {
      return false;
    }
    return compareNumbers(a, b) == 0;
  }

  private static int compareNumbers(Object a, Object b) {
    if (a instanceof Long x && b instanceof Long y) {
      return Long.compare(x, y);
    }
    if (a instanceof UnsignedLong x && b instanceof UnsignedLong y) {
      return x.compareTo(y);
    }
    return toBig(a).compareTo(toBig(b));
  }

  private static java.math.BigDecimal toBig(Object n) {
    if (n instanceof Long l) {
      return java.math.BigDecimal.valueOf(l);
    }
    if (n instanceof UnsignedLong u) {
      return new java.math.BigDecimal(u.bigIntegerValue());
    }
    double d = (Double) n;
    if (Double.isInfinite(d)) {
      return d > 0 ? java.math.BigDecimal.valueOf(Double.MAX_VALUE).multiply(java.math.BigDecimal.TEN)
          : java.math.BigDecimal.valueOf(-Double.MAX_VALUE).multiply(java.math.BigDecimal.TEN);
    }
    return new java.math.BigDecimal(d);
  }
}
