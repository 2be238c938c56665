package dev.gatehouse.policy.cel;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelEvaluationException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code string.format(list)} of cel-go's strings extension, version 1 semantics (the version Kubernetes enables),
 * which cel-java 0.14 does not provide: {@code %s}, {@code %d}, {@code %f} and {@code %.Nf}, {@code %e}, {@code %b},
 * {@code %o}, {@code %x}, {@code %X}, {@code %%}.
 *
 * <p>As in cel-go: {@code %s} prints lists and maps as CEL literals (map entries sorted by key), doubles in Go's
 * shortest form; {@code %f} groups thousands as the default {@code en_US} locale does ({@code 1,234.50});
 * {@code %e} takes the number after the dot as a width, not a precision. Errors read as in cel-go, e.g.
 * {@code error during formatting: decimal clause can only be used on integers, was given double}.
 * Checked at run time only (cel-go also validates literal format strings at compile time).
 */
final class StringFormatLibrary implements KubernetesCelLibrary {
  private static final int DEFAULT_PRECISION = 6;
  private static final DateTimeFormatter RFC3339_NANO = DateTimeFormatter.ofPattern(
      "uuuu-MM-dd'T'HH:mm:ss[.SSSSSSSSS]XXX", Locale.ROOT);

  // Declared after the static constants the overloads use: class initialisation runs in textual order.
  static final StringFormatLibrary INSTANCE = new StringFormatLibrary();

  private final List<LibraryOverload> overloads = List.of(
      LibraryOverload.member("format", "string_format", SimpleType.STRING, SimpleType.STRING,
          ListType.create(SimpleType.DYN), String.class, List.class, StringFormatLibrary::format));

  private StringFormatLibrary() {}

  @Override
  public String name() {
    return "ext.strings.format";
  }

  @Override
  public List<LibraryOverload> overloads() {
    return overloads;
  }

  static String format(String format, List<?> args) throws CelEvaluationException {
    StringBuilder out = new StringBuilder();
    int argIndex = 0;
    int i = 0;
    while (i < format.length()) {
      char c = format.charAt(i);
      if (c != '%') {
        out.append(c);
        i++;
        continue;
      }
      if (i + 1 < format.length() && format.charAt(i + 1) == '%') {
        out.append('%');
        i += 2;
        continue;
      }
      if (argIndex >= args.size()) {
        throw CelOperations.error("index " + argIndex + " out of range");
      }
      if (i + 1 >= format.length()) {
        throw CelOperations.error("unexpected end of string");
      }
      Object arg = args.get(argIndex);
      int j = i + 1;
      Integer precision = null;
      if (format.charAt(j) == '.') {
        j++;
        int start = j;
        while (j < format.length() && format.charAt(j) >= '0' && format.charAt(j) <= '9') {
          j++;
        }
        if (j >= format.length()) {
          throw CelOperations.error("could not parse formatting clause: error while parsing precision: "
              + "could not find end of precision specifier");
        }
        String digits = format.substring(start, j);
        try {
          precision = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
          throw CelOperations.error("could not parse formatting clause: error while parsing precision: error "
              + "while converting precision to integer: strconv.Atoi: parsing " + GoStrings.quote(digits) + ": "
              + (digits.isEmpty() ? "invalid syntax" : "value out of range"));
        }
      }
      char verb = format.charAt(j);
      String formatted;
      try {
        formatted = switch (verb) {
          case 's' -> formatString(arg);
          case 'd' -> formatDecimal(arg);
          case 'f' -> formatFixed(arg, precision == null ? DEFAULT_PRECISION : precision);
          case 'e' -> formatScientific(arg, precision == null ? DEFAULT_PRECISION : precision);
          case 'b' -> formatBinary(arg);
          case 'x', 'X' -> formatHex(arg, verb == 'X');
          case 'o' -> formatOctal(arg);
          default -> throw new ClauseError(null);
        };
      } catch (ClauseError e) {
        if (e.getMessage() == null) {
          throw CelOperations.error("could not parse formatting clause: unrecognized formatting clause \""
              + verb + "\"");
        }
        throw CelOperations.error("error during formatting: " + e.getMessage());
      }
      out.append(formatted);
      i = j + 1;
      argIndex++;
    }
    return out.toString();
  }

  /** The %s clause. */
  private static String formatString(Object arg) throws ClauseError {
    if (arg instanceof List<?> list) {
      return formatList(list);
    }
    if (arg instanceof Map<?, ?> map) {
      return formatMap(map);
    }
    if (arg instanceof String s) {
      return s;
    }
    if (arg instanceof Long || arg instanceof UnsignedLong || arg instanceof Boolean) {
      return arg.toString();
    }
    if (arg instanceof Double d) {
      return goShortest(d);
    }
    if (arg instanceof CelByteString b) {
      return new String(b.toByteArray(), StandardCharsets.UTF_8);
    }
    if (arg instanceof Instant t) {
      return RFC3339_NANO.format(t.atOffset(ZoneOffset.UTC)).replace("+00:00", "Z");
    }
    if (arg instanceof Duration d) {
      return durationString(d);
    }
    if (arg instanceof NullValue || arg == null) {
      return "null";
    }
    throw new ClauseError("string clause can only be used on strings, bools, bytes, ints, doubles, maps, lists, "
        + "types, durations, and timestamps, was given " + typeName(arg));
  }

  /** A list member or map value: as %s, but doubles fixed with 6 decimals and strings quoted, as CEL literals. */
  private static String formatMember(Object member) throws ClauseError {
    if (member instanceof Long || member instanceof UnsignedLong) {
      return member.toString();
    }
    if (member instanceof String s) {
      return GoStrings.quote(s);
    }
    if (member instanceof CelByteString b) {
      return "b" + GoStrings.quote(new String(b.toByteArray(), StandardCharsets.UTF_8));
    }
    if (member instanceof Instant) {
      return "timestamp(" + GoStrings.quote(formatString(member)) + ")";
    }
    if (member instanceof Duration) {
      return "duration(" + GoStrings.quote(formatString(member)) + ")";
    }
    if (member instanceof Double d) {
      String fixed = goFixed(d, DEFAULT_PRECISION);
      return d.isNaN() || d.isInfinite() ? GoStrings.quote(fixed) : fixed;
    }
    if (member instanceof Boolean || member instanceof NullValue || member == null || member instanceof List
        || member instanceof Map) {
      return formatString(member);
    }
    throw new ClauseError("no formatting function for " + typeName(member));
  }

  private static String formatList(List<?> list) throws ClauseError {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(formatMember(list.get(i)));
    }
    return b.append(']').toString();
  }

  private static String formatMap(Map<?, ?> map) throws ClauseError {
    List<String[]> pairs = new ArrayList<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      Object key = e.getKey();
      String keyText;
      if (key instanceof String s) {
        keyText = GoStrings.quote(s);
      } else if (key instanceof Boolean || key instanceof Long || key instanceof UnsignedLong) {
        keyText = key.toString();
      } else {
        throw new ClauseError("no formatting function for map key of type " + typeName(key));
      }
      pairs.add(new String[] {keyText, formatMember(e.getValue())});
    }
    // Go sorts the quoted keys as byte strings.
    pairs.sort(Comparator.comparing((String[] p) -> p[0], CelOperations::compareCodePoints));
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < pairs.size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(pairs.get(i)[0]).append(':').append(pairs.get(i)[1]);
    }
    return b.append('}').toString();
  }

  private static String formatDecimal(Object arg) throws ClauseError {
    if (arg instanceof Long || arg instanceof UnsignedLong) {
      return arg.toString();
    }
    throw new ClauseError("decimal clause can only be used on integers, was given " + typeName(arg));
  }

  private static double floatArgument(Object arg, String clause) throws ClauseError {
    if (arg instanceof Double d) {
      return d;
    }
    if (arg instanceof String s) {
      switch (s) {
        case "NaN" -> {
          return Double.NaN;
        }
        case "Infinity" -> {
          return Double.POSITIVE_INFINITY;
        }
        case "-Infinity" -> {
          return Double.NEGATIVE_INFINITY;
        }
        default -> {
        }
      }
    }
    throw new ClauseError(clause + " clause can only be used on doubles, was given " + typeName(arg));
  }

  private static String formatFixed(Object arg, int precision) throws ClauseError {
    double d = floatArgument(arg, "fixed-point");
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "∞" : "-∞";
    }
    BigDecimal rounded = new BigDecimal(d).setScale(precision, RoundingMode.HALF_EVEN);
    String plain = rounded.abs().toPlainString();
    int dot = plain.indexOf('.');
    String whole = dot < 0 ? plain : plain.substring(0, dot);
    StringBuilder grouped = new StringBuilder();
    for (int i = 0; i < whole.length(); i++) {
      if (i > 0 && (whole.length() - i) % 3 == 0) {
        grouped.append(',');
      }
      grouped.append(whole.charAt(i));
    }
    boolean negative = d < 0 || (d == 0 && 1 / d < 0);
    return (negative ? "-" : "") + grouped + (dot < 0 ? "" : plain.substring(dot));
  }

  /** Go's "%<width>e": six decimals always; cel-go passes the precision as the width. */
  private static String formatScientific(Object arg, int width) throws ClauseError {
    double d = floatArgument(arg, "scientific");
    String text;
    if (Double.isNaN(d)) {
      text = "NaN";
    } else if (Double.isInfinite(d)) {
      text = d > 0 ? "+Inf" : "-Inf";
    } else {
      text = goExponent(new BigDecimal(d), DEFAULT_PRECISION);
    }
    return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
  }

  private static String formatBinary(Object arg) throws ClauseError {
    if (arg instanceof Long l) {
      return l < 0 ? "-" + Long.toBinaryString(-l) : Long.toBinaryString(l);
    }
    if (arg instanceof UnsignedLong u) {
      return u.bigIntegerValue().toString(2);
    }
    if (arg instanceof Boolean b) {
      return b ? "1" : "0";
    }
    throw new ClauseError("only integers and bools can be formatted as binary, was given " + typeName(arg));
  }

  private static String formatHex(Object arg, boolean upper) throws ClauseError {
    String hex;
    if (arg instanceof String s) {
      hex = HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    } else if (arg instanceof CelByteString b) {
      hex = HexFormat.of().formatHex(b.toByteArray());
    } else if (arg instanceof Long l) {
      hex = l < 0 ? "-" + java.math.BigInteger.valueOf(l).negate().toString(16) : Long.toHexString(l);
    } else if (arg instanceof UnsignedLong u) {
      hex = u.bigIntegerValue().toString(16);
    } else {
      throw new ClauseError("only integers, byte buffers, and strings can be formatted as hex, was given "
          + typeName(arg));
    }
    return upper ? hex.toUpperCase(Locale.ROOT) : hex;
  }

  private static String formatOctal(Object arg) throws ClauseError {
    if (arg instanceof Long l) {
      return l < 0 ? "-" + java.math.BigInteger.valueOf(l).negate().toString(8) : Long.toOctalString(l);
    }
    if (arg instanceof UnsignedLong u) {
      return u.bigIntegerValue().toString(8);
    }
    throw new ClauseError("octal clause can only be used on integers, was given " + typeName(arg));
  }

  /** Go's strconv.FormatFloat(d, 'g', -1, 64), which is how cel-go's string(double) prints. */
  static String goShortest(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    // Java's Double.toString gives the shortest digits that round-trip, as Go's shortest formatting does.
    BigDecimal shortest = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    int exponent = shortest.precision() - shortest.scale() - 1;
    String sign = d < 0 ? "-" : "";
    if (exponent < -4 || exponent >= 21) {
      String digits = shortest.unscaledValue().toString();
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "")
          + Math.abs(exponent);
    }
    return sign + shortest.toPlainString();
  }

  private static String goFixed(double d, int precision) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    return new BigDecimal(d).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
  }

  private static String goExponent(BigDecimal value, int precision) {
    if (value.signum() == 0) {
      return (value.signum() < 0 ? "-" : "") + "0." + "0".repeat(precision) + "e+00";
    }
    BigDecimal abs = value.abs();
    int exponent = abs.precision() - abs.scale() - 1;
    BigDecimal mantissa = abs.movePointLeft(exponent).setScale(precision, RoundingMode.HALF_EVEN);
    if (mantissa.compareTo(BigDecimal.TEN) >= 0) {
      exponent++;
      mantissa = abs.movePointLeft(exponent).setScale(precision, RoundingMode.HALF_EVEN);
    }
    return (value.signum() < 0 ? "-" : "") + mantissa.toPlainString() + "e" + (exponent < 0 ? "-" : "+")
        + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
  }

  /** cel-go's Duration to string: seconds in shortest 'f' form plus "s". */
  private static String durationString(Duration d) {
    BigDecimal seconds = new BigDecimal(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9));
    double value = seconds.doubleValue();
    String text = new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    return text + "s";
  }

  /** CEL type names as cel-go prints them in errors. */
  static String typeName(Object value) {
    if (value instanceof Long) {
      return "int";
    }
    if (value instanceof UnsignedLong) {
      return "uint";
    }
    if (value instanceof Double) {
      return "double";
    }
    if (value instanceof String) {
      return "string";
    }
    if (value instanceof Boolean) {
      return "bool";
    }
    if (value instanceof CelByteString) {
      return "bytes";
    }
    if (value instanceof List) {
      return "list";
    }
    if (value instanceof Map) {
      return "map";
    }
    if (value instanceof NullValue || value == null) {
      return "null_type";
    }
    if (value instanceof Instant) {
      return "google.protobuf.Timestamp";
    }
    if (value instanceof Duration) {
      return "google.protobuf.Duration";
    }
    if (value instanceof Quantity) {
      return "kubernetes.Quantity";
    }
    if (value instanceof IpAddress) {
      return "net.IP";
    }
    if (value instanceof CidrPrefix) {
      return "net.CIDR";
    }
    if (value instanceof SemanticVersion) {
      return "kubernetes.Semver";
    }
    if (value instanceof GoUrl) {
      return "kubernetes.URL";
    }
    if (value instanceof java.util.Optional) {
      return "optional_type";
    }
    return value.getClass().getSimpleName();
  }

  /** A clause that cannot format its argument; a null message means an unknown verb. */
  private static final class ClauseError extends Exception {
    private static final long serialVersionUID = 1L;

    ClauseError(String message) {
      super(message, null, false, false);
    }
  }
}
