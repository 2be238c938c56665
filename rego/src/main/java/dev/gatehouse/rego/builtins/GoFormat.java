package dev.gatehouse.rego.builtins;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Go's {@code fmt.Sprintf}, restricted to the argument types OPA's {@code sprintf} passes: {@code int} (a
 * {@link Long}), {@code *big.Int} (a {@link BigInteger}), {@code float64} (a {@link Double}) and {@code string}.
 * Policies print with it and tests compare the text, so every verb, flag and error marker
 * ({@code %!d(string=x)}, {@code %!v(MISSING)}, {@code %!(EXTRA ...)}) follows Go. Stateless.
 */
final class GoFormat {
    private GoFormat() {}

    private static final class Spec {
        boolean minus;
        boolean plus;
        boolean sharp;
        boolean space;
        boolean zero;
        int width = -1;
        int precision = -1;
    }

    static String sprintf(String format, List<Object> args) {
        StringBuilder out = new StringBuilder(format.length() + 16);
        int argIndex = 0;
        int i = 0;
        int n = format.length();
        while (i < n) {
            if (format.charAt(i) != '%') {
                // The text up to the next verb in one append: messages are mostly literal text.
                int next = format.indexOf('%', i);
                int end = next < 0 ? n : next;
                out.append(format, i, end);
                i = end;
                continue;
            }
            i++;
            Spec spec = new Spec();
            // flags
            flags:
            while (i < n) {
                switch (format.charAt(i)) {
                    case '-' -> { spec.minus = true; spec.zero = false; }
                    case '+' -> spec.plus = true;
                    case '#' -> spec.sharp = true;
                    case ' ' -> spec.space = true;
                    case '0' -> spec.zero = !spec.minus;
                    default -> { break flags; }
                }
                i++;
            }
            // width
            if (i < n && format.charAt(i) == '*') {
                i++;
                if (argIndex < args.size() && args.get(argIndex) instanceof Long w) {
                    spec.width = (int) Math.abs(w);
                    if (w < 0) {
                        spec.minus = true;
                        spec.zero = false;
                    }
                } else {
                    out.append("%!(BADWIDTH)");
                }
                argIndex++;
            } else {
                int start = i;
                while (i < n && Character.isDigit(format.charAt(i))) {
                    i++;
                }
                if (i > start) {
                    spec.width = Integer.parseInt(format.substring(start, Math.min(i, start + 6)));
                }
            }
            // precision
            if (i < n && format.charAt(i) == '.') {
                i++;
                if (i < n && format.charAt(i) == '*') {
                    i++;
                    if (argIndex < args.size() && args.get(argIndex) instanceof Long p && p >= 0) {
                        spec.precision = (int) (long) p;
                    } else {
                        out.append("%!(BADPREC)");
                    }
                    argIndex++;
                } else {
                    int start = i;
                    while (i < n && Character.isDigit(format.charAt(i))) {
                        i++;
                    }
                    spec.precision = i > start ? Integer.parseInt(format.substring(start, Math.min(i, start + 6))) : 0;
                }
            }
            if (i >= n) {
                out.append("%!(NOVERB)");
                break;
            }
            int verb = format.codePointAt(i);
            i += Character.charCount(verb);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (argIndex >= args.size()) {
                out.append("%!").appendCodePoint(verb).append("(MISSING)");
                continue;
            }
            Object arg = args.get(argIndex++);
            out.append(formatOne(spec, verb, arg));
        }
        if (argIndex < args.size()) {
            out.append("%!(EXTRA ");
            for (int k = argIndex; k < args.size(); k++) {
                if (k > argIndex) {
                    out.append(", ");
                }
                Object a = args.get(k);
                out.append(typeName(a)).append('=').append(formatOne(new Spec(), 'v', a));
            }
            out.append(')');
        }
        return out.toString();
    }

    private static String typeName(Object a) {
        return switch (a) {
            case Long l -> "int";
            case BigInteger b -> "*big.Int";
            case Double d -> "float64";
            default -> "string";
        };
    }

    private static String formatOne(Spec spec, int verb, Object arg) {
        if (verb == 'T') {
            return pad(spec, typeName(arg), false);
        }
        return switch (arg) {
            case Long l -> formatInt(spec, verb, BigInteger.valueOf(l), "int");
            case BigInteger b -> formatBigInt(spec, verb, b);
            case Double d -> formatFloat(spec, verb, d);
            default -> formatString(spec, verb, (String) arg);
        };
    }

    private static String badVerb(int verb, Object arg) {
        String shown = formatOne(new Spec(), 'v', arg);
        return "%!" + new String(Character.toChars(verb)) + "(" + typeName(arg) + "=" + shown + ")";
    }

    // ---- integers ----

    private static String formatBigInt(Spec spec, int verb, BigInteger b) {
        return switch (verb) {
            case 'd', 'v', 's', 'b', 'o', 'O', 'x', 'X' -> formatInt(spec, verb == 's' ? 'd' : verb, b, "*big.Int");
            default -> "%!" + new String(Character.toChars(verb)) + "(big.Int=" + b + ")";
        };
    }

    private static String formatInt(Spec spec, int verb, BigInteger v, String type) {
        switch (verb) {
            case 'c' -> {
                return pad(spec, codePointString(v), false);
            }
            case 'q' -> {
                return pad(spec, quoteRune(v), false);
            }
            case 'U' -> {
                String hex = v.abs().toString(16).toUpperCase();
                StringBuilder sb = new StringBuilder("U+");
                int digits = Math.max(4, spec.precision);
                sb.append("0".repeat(Math.max(0, digits - hex.length()))).append(hex);
                if (spec.sharp && v.signum() >= 0 && v.compareTo(BigInteger.valueOf(0x10FFFF)) <= 0
                        && Character.isDefined(v.intValue()) && !Character.isISOControl(v.intValue())) {
                    sb.append(" '").appendCodePoint(v.intValue()).append('\'');
                }
                return pad(spec, sb.toString(), false);
            }
            case 'd', 'v', 'b', 'o', 'O', 'x', 'X' -> {
                // handled below
            }
            default -> {
                return badVerb(verb, type.equals("int") ? (Object) v.longValue() : v);
            }
        }
        int radix = switch (verb) {
            case 'b' -> 2;
            case 'o', 'O' -> 8;
            case 'x', 'X' -> 16;
            default -> 10;
        };
        String digits = v.abs().toString(radix);
        if (verb == 'X') {
            digits = digits.toUpperCase();
        }
        if (spec.precision >= 0) {
            if (spec.precision == 0 && v.signum() == 0) {
                digits = "";
            } else if (digits.length() < spec.precision) {
                digits = "0".repeat(spec.precision - digits.length()) + digits;
            }
        }
        String prefix = "";
        if (spec.sharp) {
            prefix = switch (verb) {
                case 'b' -> "0b";
                case 'o' -> digits.startsWith("0") ? "" : "0";
                case 'x' -> "0x";
                case 'X' -> "0X";
                default -> "";
            };
        }
        if (verb == 'O') {
            prefix = "0o";
        }
        String sign = v.signum() < 0 ? "-" : spec.plus ? "+" : spec.space ? " " : "";
        String body = prefix + digits;
        if (spec.zero && spec.precision < 0 && spec.width > 0) {
            int padLen = spec.width - sign.length() - body.length();
            if (padLen > 0) {
                return sign + prefix + "0".repeat(padLen) + digits;
            }
            return sign + body;
        }
        return pad(spec, sign + body, false);
    }

    private static String codePointString(BigInteger v) {
        if (v.signum() < 0 || v.bitLength() > 31 || v.intValue() > 0x10FFFF
                || (v.intValue() >= 0xD800 && v.intValue() <= 0xDFFF)) {
            return "\uFFFD";
        }
        return new String(Character.toChars(v.intValue()));
    }

    private static String quoteRune(BigInteger v) {
        String s = codePointString(v);
        int c = s.codePointAt(0);
        if (c == '\'') {
            return "'\\''";
        }
        if (c == '"') {
            return "'\"'";
        }
        String q = quote(s);
        return "'" + q.substring(1, q.length() - 1) + "'";
    }

    // ---- floats ----

    private static String formatFloat(Spec spec, int verb, double d) {
        String body;
        switch (verb) {
            case 'v', 'g', 'G' -> body = formatG(d, verb == 'v' ? -1 : spec.precision, spec.sharp);
            case 'e', 'E' -> body = formatE(d, spec.precision < 0 ? 6 : spec.precision);
            case 'f', 'F' -> body = formatF(d, spec.precision < 0 ? 6 : spec.precision);
            default -> {
                return badVerb(verb, d);
            }
        }
        if (verb == 'G' || verb == 'E') {
            body = body.toUpperCase();
        }
        boolean negative = body.startsWith("-");
        String digits = negative ? body.substring(1) : body;
        String sign = negative ? "-" : spec.plus ? "+" : spec.space ? " " : "";
        if (spec.zero && spec.width > 0) {
            int padLen = spec.width - sign.length() - digits.length();
            if (padLen > 0) {
                return sign + "0".repeat(padLen) + digits;
            }
        }
        return pad(spec, sign + digits, false);
    }

    /** %e: one digit, a point, {@code prec} digits, then e±dd. */
    static String formatE(double d, int prec) {
        if (d == 0) {
            String zeros = prec > 0 ? "." + "0".repeat(prec) : "";
            return (isNegativeZero(d) ? "-" : "") + "0" + zeros + "e+00";
        }
        BigDecimal bd = new BigDecimal(d).round(new MathContext(prec + 1, RoundingMode.HALF_EVEN));
        return eNotation(bd, prec);
    }

    private static String eNotation(BigDecimal bd, int fractionDigits) {
        String unscaled = bd.unscaledValue().abs().toString();
        int exponent = bd.precision() - bd.scale() - 1;
        StringBuilder sb = new StringBuilder();
        if (bd.signum() < 0) {
            sb.append('-');
        }
        sb.append(unscaled.charAt(0));
        String rest = unscaled.substring(1);
        if (fractionDigits < 0) {
            // shortest: keep the significant digits only
            if (!rest.isEmpty()) {
                sb.append('.').append(rest);
            }
        } else if (fractionDigits > 0) {
            if (rest.length() < fractionDigits) {
                rest = rest + "0".repeat(fractionDigits - rest.length());
            }
            sb.append('.').append(rest, 0, fractionDigits);
        }
        sb.append('e').append(exponent < 0 ? '-' : '+');
        int abs = Math.abs(exponent);
        if (abs < 10) {
            sb.append('0');
        }
        sb.append(abs);
        return sb.toString();
    }

    static String formatF(double d, int prec) {
        BigDecimal bd = new BigDecimal(d).setScale(prec, RoundingMode.HALF_EVEN);
        String s = bd.toPlainString();
        if (isNegativeZero(d) || (d < 0 && bd.signum() == 0)) {
            s = "-" + s;
        }
        return s;
    }

    /** %g / %v: shortest digits when {@code prec} is -1; exponent form when the exponent is < -4 or >= the precision. */
    static String formatG(double d, int prec, boolean sharp) {
        if (d == 0) {
            return isNegativeZero(d) ? "-0" : "0";
        }
        boolean shortest = prec < 0;
        int p = prec == 0 ? 1 : prec;
        BigDecimal digits = shortest
                ? new BigDecimal(Double.toString(d)).stripTrailingZeros()
                : new BigDecimal(d).round(new MathContext(p, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        int nd = digits.precision();
        int dp = nd - digits.scale();
        int exponent = dp - 1;
        int eprec = shortest ? 6 : p;
        if (!shortest && eprec > nd && nd >= dp) {
            eprec = nd;
        }
        if (exponent < -4 || exponent >= eprec) {
            return eNotation(digits, -1);
        }
        return digits.toPlainString();
    }

    private static boolean isNegativeZero(double d) {
        return d == 0 && Double.doubleToRawLongBits(d) != 0;
    }

    // ---- strings ----

    private static String formatString(Spec spec, int verb, String s) {
        switch (verb) {
            case 's', 'v' -> {
                String t = s;
                if (spec.precision >= 0 && Text.length(t) > spec.precision) {
                    t = t.substring(0, t.offsetByCodePoints(0, spec.precision));
                }
                return pad(spec, t, spec.zero);
            }
            case 'q' -> {
                String t = s;
                if (spec.precision >= 0 && Text.length(t) > spec.precision) {
                    t = t.substring(0, t.offsetByCodePoints(0, spec.precision));
                }
                if (spec.sharp && t.indexOf('`') < 0 && t.chars().allMatch(ch -> ch >= 0x20 && ch != 0x7f || ch == '\t')) {
                    return pad(spec, "`" + t + "`", spec.zero);
                }
                return pad(spec, quote(t), spec.zero);
            }
            case 'x', 'X' -> {
                byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                int limit = spec.precision >= 0 ? Math.min(bytes.length, spec.precision) : bytes.length;
                StringBuilder sb = new StringBuilder();
                String digits = verb == 'x' ? "0123456789abcdef" : "0123456789ABCDEF";
                for (int k = 0; k < limit; k++) {
                    if (spec.space && k > 0) {
                        sb.append(' ');
                    }
                    if (spec.sharp && (spec.space || k == 0)) {
                        sb.append(verb == 'x' ? "0x" : "0X");
                    }
                    sb.append(digits.charAt((bytes[k] >> 4) & 0xf)).append(digits.charAt(bytes[k] & 0xf));
                }
                return pad(spec, sb.toString(), spec.zero);
            }
            default -> {
                return badVerb(verb, s);
            }
        }
    }

    /** Go's strconv.Quote. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case 0x07 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0x0b -> sb.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", c));
                    } else if (isPrintable(c)) {
                        sb.appendCodePoint(c);
                    } else if (c < 0x10000) {
                        sb.append(String.format("\\u%04x", c));
                    } else {
                        sb.append(String.format("\\U%08x", c));
                    }
                }
            }
        });
        return sb.append('"').toString();
    }

    private static boolean isPrintable(int c) {
        if (c == 0xFFFD) {
            return true;
        }
        int type = Character.getType(c);
        return switch (type) {
            case Character.UNASSIGNED, Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE,
                    Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            case Character.SPACE_SEPARATOR -> c == ' ';
            default -> true;
        };
    }

    private static String pad(Spec spec, String s, boolean zeros) {
        if (spec.width < 0) {
            return s;
        }
        int len = Text.length(s);
        if (len >= spec.width) {
            return s;
        }
        String fill = (zeros && !spec.minus ? "0" : " ").repeat(spec.width - len);
        return spec.minus ? s + fill : fill + s;
    }
}
