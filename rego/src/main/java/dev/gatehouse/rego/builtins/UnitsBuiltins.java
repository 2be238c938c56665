package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code units.parse} (SI and binary-SI quantities such as {@code 500m}, {@code 1.5Gi}) and
 * {@code units.parse_bytes} ({@code 10KiB}, {@code 3MB}), as OPA's {@code parse_units.go} and
 * {@code parse_bytes.go}. Arithmetic is exact decimal, so {@code units.parse("500m") == 0.5}. Stateless.
 */
final class UnitsBuiltins implements BuiltinFamily {

    /** Exponents in scientific notation are limited to this many digits (as OPA), bounding the work done. */
    private static final int MAX_EXPONENT_DIGITS = 6;

    private static final BigDecimal KI = BigDecimal.valueOf(1024);

    private static final Map<String, BigDecimal> UNITS = Map.ofEntries(
            Map.entry("m", new BigDecimal("0.001")),
            Map.entry("", BigDecimal.ONE),
            Map.entry("k", BigDecimal.TEN.pow(3)), Map.entry("K", BigDecimal.TEN.pow(3)),
            Map.entry("ki", KI), Map.entry("Ki", KI),
            Map.entry("M", BigDecimal.TEN.pow(6)),
            Map.entry("mi", KI.pow(2)), Map.entry("Mi", KI.pow(2)),
            Map.entry("g", BigDecimal.TEN.pow(9)), Map.entry("G", BigDecimal.TEN.pow(9)),
            Map.entry("gi", KI.pow(3)), Map.entry("Gi", KI.pow(3)),
            Map.entry("t", BigDecimal.TEN.pow(12)), Map.entry("T", BigDecimal.TEN.pow(12)),
            Map.entry("ti", KI.pow(4)), Map.entry("Ti", KI.pow(4)),
            Map.entry("p", BigDecimal.TEN.pow(15)), Map.entry("P", BigDecimal.TEN.pow(15)),
            Map.entry("pi", KI.pow(5)), Map.entry("Pi", KI.pow(5)),
            Map.entry("e", BigDecimal.TEN.pow(18)), Map.entry("E", BigDecimal.TEN.pow(18)),
            Map.entry("ei", KI.pow(6)), Map.entry("Ei", KI.pow(6)));

    private static final Map<String, BigDecimal> BYTE_UNITS = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("kb", BigDecimal.TEN.pow(3)), Map.entry("k", BigDecimal.TEN.pow(3)),
            Map.entry("kib", KI), Map.entry("ki", KI),
            Map.entry("mb", BigDecimal.TEN.pow(6)), Map.entry("m", BigDecimal.TEN.pow(6)),
            Map.entry("mib", KI.pow(2)), Map.entry("mi", KI.pow(2)),
            Map.entry("gb", BigDecimal.TEN.pow(9)), Map.entry("g", BigDecimal.TEN.pow(9)),
            Map.entry("gib", KI.pow(3)), Map.entry("gi", KI.pow(3)),
            Map.entry("tb", BigDecimal.TEN.pow(12)), Map.entry("t", BigDecimal.TEN.pow(12)),
            Map.entry("tib", KI.pow(4)), Map.entry("ti", KI.pow(4)),
            Map.entry("pb", BigDecimal.TEN.pow(15)), Map.entry("p", BigDecimal.TEN.pow(15)),
            Map.entry("pib", KI.pow(5)), Map.entry("pi", KI.pow(5)),
            Map.entry("eb", BigDecimal.TEN.pow(18)), Map.entry("e", BigDecimal.TEN.pow(18)),
            Map.entry("eib", KI.pow(6)), Map.entry("ei", KI.pow(6)));

    @Override
    public List<Builtin> builtins() {
        return List.of(
                Builtin.of(BuiltinDecl.builder("units.parse").category("units").arg("x", Types.STRING)
                        .result(Types.NUMBER).build(), UnitsBuiltins::parse),
                Builtin.of(BuiltinDecl.builder("units.parse_bytes").category("units").arg("x", Types.STRING)
                        .result(Types.NUMBER).build(), UnitsBuiltins::parseBytes));
    }

    /** A parse failure; the evaluator prefixes the builtin's name. */
    private static BuiltinException fail(String message) {
        return BuiltinException.builtinError(message);
    }

    static Value parse(BuiltinContext ctx, Value[] a) {
        String s = Operands.string(a[0], 1).replace("\"", "");
        if (s.contains(" ")) {
            throw fail("spaces not allowed in resource strings");
        }
        String[] parts = split(s);
        if (parts[0].isEmpty()) {
            throw fail("no amount provided");
        }
        String unit = parts[1];
        if (unit.length() > 1) {
            unit = unit.charAt(0) + unit.substring(1).toLowerCase(Locale.ROOT);
        }
        BigDecimal factor = UNITS.get(unit);
        if (factor == null) {
            throw fail("unit " + unit + " not recognized");
        }
        BigDecimal amount = number(parts[0]);
        if (amount == null) {
            throw fail("could not parse amount to a number");
        }
        BigDecimal result = amount.multiply(factor);
        if (result.stripTrailingZeros().scale() <= 0) {
            return NumberValue.of(result);
        }
        // OPA prints non-integers with ten decimals (rounded half away from zero).
        return NumberValue.of(result.setScale(10, RoundingMode.HALF_UP));
    }

    static Value parseBytes(BuiltinContext ctx, Value[] a) {
        String s = Operands.string(a[0], 1).toLowerCase(Locale.ROOT).replace("\"", "");
        if (s.contains(" ")) {
            throw fail("spaces not allowed in resource strings");
        }
        String[] parts = split(s);
        if (parts[0].isEmpty()) {
            throw fail("no byte amount provided");
        }
        BigDecimal factor = BYTE_UNITS.get(parts[1]);
        if (factor == null) {
            throw fail("byte unit " + parts[1] + " not recognized");
        }
        BigDecimal amount = number(parts[0]);
        if (amount == null) {
            throw fail("could not parse byte amount to a number");
        }
        BigInteger total = amount.multiply(factor).setScale(0, RoundingMode.DOWN).toBigInteger();
        return Numbers.of(total);
    }

    /** Splits "10.5Gi" into number and unit text (OPA's extractNumAndUnit), bounding exponent digits. */
    static String[] split(String s) {
        int firstNonNum = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean num = Character.isDigit(c) || c == '.';
            if (!num && c != 'e' && c != 'E' && c != '+' && c != '-') {
                firstNonNum = i;
                break;
            }
            if (c == 'e' || c == 'E') {
                if (i == s.length() - 1 || (!Character.isDigit(s.charAt(i + 1)) && s.charAt(i + 1) != '+'
                        && s.charAt(i + 1) != '-')) {
                    firstNonNum = i;
                    break;
                }
                if (s.charAt(i + 1) == '+' || s.charAt(i + 1) == '-') {
                    i++;
                }
                int start = i + 1;
                int end = start;
                while (end < s.length() && Character.isDigit(s.charAt(end))) {
                    end++;
                }
                if (end - start > MAX_EXPONENT_DIGITS) {
                    throw fail("exponent too large");
                }
            }
        }
        if (firstNonNum == -1) {
            return new String[] {s, ""};
        }
        return new String[] {s.substring(0, firstNonNum), s.substring(firstNonNum)};
    }

    /** A decimal number as Go's big.Rat/big.Float SetString accept it, or null. */
    private static BigDecimal number(String text) {
        if (!text.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            return null;
        }
        try {
            return new BigDecimal(text.startsWith("+") ? text.substring(1) : text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
