package dev.gatehouse.rego.builtins;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Go's reference-time layouts ({@code "2006-01-02T15:04:05Z07:00"}) for formatting and parsing, and Go's
 * duration syntax ({@code "1h30m"}), as OPA's time builtins expose them. Stateless.
 */
final class GoTime {
    private GoTime() {}

    static final String RFC3339 = "2006-01-02T15:04:05Z07:00";
    static final String RFC3339_NANO = "2006-01-02T15:04:05.999999999Z07:00";

    /** Go's named layouts that OPA accepts by name. */
    static String named(String layout) {
        return switch (layout) {
            case "ANSIC" -> "Mon Jan _2 15:04:05 2006";
            case "UnixDate" -> "Mon Jan _2 15:04:05 MST 2006";
            case "RubyDate" -> "Mon Jan 02 15:04:05 -0700 2006";
            case "RFC822" -> "02 Jan 06 15:04 MST";
            case "RFC822Z" -> "02 Jan 06 15:04 -0700";
            case "RFC850" -> "Monday, 02-Jan-06 15:04:05 MST";
            case "RFC1123" -> "Mon, 02 Jan 2006 15:04:05 MST";
            case "RFC1123Z" -> "Mon, 02 Jan 2006 15:04:05 -0700";
            case "RFC3339" -> RFC3339;
            case "RFC3339Nano" -> RFC3339_NANO;
            default -> layout;
        };
    }

    /** A layout element: literal text or a standard chunk (with a fraction's digit count). */
    private record Chunk(String literal, String std, int digits) {}

    private static final String[] STD_PREFIXES = {
        "January", "Jan", "Monday", "Mon", "MST", "2006", "__2", "_2", "002", "01", "02", "03", "04", "05", "06",
        "15", "1", "2", "3", "4", "5", "PM", "pm",
        "-07:00:00", "-070000", "-07:00", "-0700", "-07", "Z07:00:00", "Z070000", "Z07:00", "Z0700", "Z07"};

    private static List<Chunk> chunks(String layout) {
        List<Chunk> out = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        outer:
        while (i < layout.length()) {
            char c = layout.charAt(i);
            if ((c == '.' || c == ',') && i + 1 < layout.length()
                    && (layout.charAt(i + 1) == '0' || layout.charAt(i + 1) == '9')) {
                char d = layout.charAt(i + 1);
                int j = i + 1;
                while (j < layout.length() && layout.charAt(j) == d) {
                    j++;
                }
                if (j >= layout.length() || !Character.isDigit(layout.charAt(j))) {
                    flush(out, lit);
                    out.add(new Chunk(String.valueOf(c), d == '0' ? ".0" : ".9", j - i - 1));
                    i = j;
                    continue;
                }
            }
            for (String p : STD_PREFIXES) {
                if (layout.startsWith(p, i)) {
                    // "Jan"/"Mon" only count when not followed by a lower-case letter (Go's startsWithLowerCase rule).
                    if ((p.equals("Jan") || p.equals("Mon")) && i + 3 < layout.length()
                            && Character.isLowerCase(layout.charAt(i + 3))) {
                        continue;
                    }
                    if (p.equals("2") && layout.startsWith("2006", i)) {
                        continue;
                    }
                    flush(out, lit);
                    out.add(new Chunk(null, p, 0));
                    i += p.length();
                    continue outer;
                }
            }
            lit.append(c);
            i++;
        }
        flush(out, lit);
        return out;
    }

    private static void flush(List<Chunk> out, StringBuilder lit) {
        if (!lit.isEmpty()) {
            out.add(new Chunk(lit.toString(), null, 0));
            lit.setLength(0);
        }
    }

    // ---- formatting ----

    static String format(ZonedDateTime t, String layout) {
        StringBuilder sb = new StringBuilder();
        for (Chunk c : chunks(layout)) {
            if (c.literal() != null && c.std() == null) {
                sb.append(c.literal());
                continue;
            }
            int hour = t.getHour();
            switch (c.std()) {
                case "January" -> sb.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case "Jan" -> sb.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case "Monday" -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case "Mon" -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case "MST" -> sb.append(zoneAbbreviation(t));
                case "2006" -> sb.append(pad(t.getYear(), 4, '0'));
                case "06" -> sb.append(pad(Math.floorMod(t.getYear(), 100), 2, '0'));
                case "01" -> sb.append(pad(t.getMonthValue(), 2, '0'));
                case "1" -> sb.append(t.getMonthValue());
                case "02" -> sb.append(pad(t.getDayOfMonth(), 2, '0'));
                case "2" -> sb.append(t.getDayOfMonth());
                case "_2" -> sb.append(pad(t.getDayOfMonth(), 2, ' '));
                case "002" -> sb.append(pad(t.getDayOfYear(), 3, '0'));
                case "__2" -> sb.append(pad(t.getDayOfYear(), 3, ' '));
                case "15" -> sb.append(pad(hour, 2, '0'));
                case "03" -> sb.append(pad(hour % 12 == 0 ? 12 : hour % 12, 2, '0'));
                case "3" -> sb.append(hour % 12 == 0 ? 12 : hour % 12);
                case "04" -> sb.append(pad(t.getMinute(), 2, '0'));
                case "4" -> sb.append(t.getMinute());
                case "05" -> sb.append(pad(t.getSecond(), 2, '0'));
                case "5" -> sb.append(t.getSecond());
                case "PM" -> sb.append(hour >= 12 ? "PM" : "AM");
                case "pm" -> sb.append(hour >= 12 ? "pm" : "am");
                case ".0", ".9" -> {
                    String nanos = pad(t.getNano(), 9, '0').substring(0, Math.min(9, c.digits()));
                    if (c.std().equals(".9")) {
                        nanos = nanos.replaceFirst("0+$", "");
                        if (!nanos.isEmpty()) {
                            sb.append(c.literal()).append(nanos);
                        }
                    } else {
                        sb.append(c.literal()).append(nanos);
                    }
                }
                default -> sb.append(offset(t.getOffset().getTotalSeconds(), c.std()));
            }
        }
        return sb.toString();
    }

    private static String zoneAbbreviation(ZonedDateTime t) {
        ZoneId zone = t.getZone();
        if (zone.equals(ZoneOffset.UTC) || zone.getId().equals("UTC") || zone.getId().equals("Z")) {
            return "UTC";
        }
        String abbr = DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH).format(t);
        if (abbr.startsWith("GMT") && abbr.length() > 3 || abbr.contains(":")) {
            // Go prints numeric abbreviations like "+0530" (or "-07") where tzdata has no letters.
            int secs = t.getOffset().getTotalSeconds();
            return secs % 3600 == 0 ? offset(secs, "-07") : offset(secs, "-0700");
        }
        return abbr;
    }

    private static String offset(int totalSeconds, String std) {
        if (std.startsWith("Z") && totalSeconds == 0) {
            return "Z";
        }
        int abs = Math.abs(totalSeconds);
        String sign = totalSeconds < 0 ? "-" : "+";
        String hh = pad(abs / 3600, 2, '0');
        String mm = pad(abs / 60 % 60, 2, '0');
        String ss = pad(abs % 60, 2, '0');
        String s = std.substring(1);
        return switch (s) {
            case "07:00:00" -> sign + hh + ":" + mm + ":" + ss;
            case "070000" -> sign + hh + mm + ss;
            case "07:00" -> sign + hh + ":" + mm;
            case "0700" -> sign + hh + mm;
            default -> sign + hh;
        };
    }

    private static String pad(int v, int width, char fill) {
        String s = Integer.toString(Math.abs(v));
        StringBuilder sb = new StringBuilder();
        if (v < 0) {
            sb.append('-');
        }
        for (int i = s.length(); i < width; i++) {
            sb.append(fill);
        }
        return sb.append(s).toString();
    }

    // ---- parsing ----

    private static BuiltinException parseError(String layout, String value, String rest, String elem) {
        return BuiltinException.builtinError("parsing time " + GoFormat.quote(value) + " as " + GoFormat.quote(layout)
                + ": cannot parse " + GoFormat.quote(rest) + " as " + GoFormat.quote(elem));
    }

    /** Go's time.Parse: the instant, in UTC unless the value carries an offset or zone. */
    static ZonedDateTime parse(String layout, String value) {
        int year = 1;
        int month = 1;
        int day = 1;
        int yday = -1;
        int hour = 0;
        int minute = 0;
        int second = 0;
        int nanos = 0;
        boolean pm = false;
        boolean pmSet = false;
        Integer offsetSeconds = null;
        String zoneName = null;
        String v = value;
        List<Chunk> chunks = chunks(layout);
        for (int ci = 0; ci < chunks.size(); ci++) {
            Chunk c = chunks.get(ci);
            if (c.std() == null) {
                if (!v.startsWith(c.literal())) {
                    throw parseError(layout, value, v, c.literal());
                }
                v = v.substring(c.literal().length());
                continue;
            }
            String before = v;
            try {
                switch (c.std()) {
                    case "2006" -> {
                        if (v.length() < 4 || !digits(v, 4)) {
                            throw parseError(layout, value, before, c.std());
                        }
                        year = Integer.parseInt(v.substring(0, 4));
                        v = v.substring(4);
                    }
                    case "06" -> {
                        if (v.length() < 2 || !digits(v, 2)) {
                            throw parseError(layout, value, before, c.std());
                        }
                        int yy = Integer.parseInt(v.substring(0, 2));
                        year = yy >= 69 ? 1900 + yy : 2000 + yy;
                        v = v.substring(2);
                    }
                    case "January", "Jan" -> {
                        int found = -1;
                        for (int m = 1; m <= 12; m++) {
                            String name = java.time.Month.of(m).getDisplayName(
                                    c.std().equals("Jan") ? TextStyle.SHORT : TextStyle.FULL, Locale.ENGLISH);
                            if (v.regionMatches(true, 0, name, 0, name.length())) {
                                found = m;
                                v = v.substring(name.length());
                                break;
                            }
                        }
                        if (found < 0) {
                            throw parseError(layout, value, before, c.std());
                        }
                        month = found;
                    }
                    case "Monday", "Mon" -> {
                        boolean ok = false;
                        for (java.time.DayOfWeek d : java.time.DayOfWeek.values()) {
                            String name = d.getDisplayName(c.std().equals("Mon") ? TextStyle.SHORT : TextStyle.FULL,
                                    Locale.ENGLISH);
                            if (v.regionMatches(true, 0, name, 0, name.length())) {
                                v = v.substring(name.length());
                                ok = true;
                                break;
                            }
                        }
                        if (!ok) {
                            throw parseError(layout, value, before, c.std());
                        }
                    }
                    case "01", "1" -> {
                        int[] r = number(v, c.std().equals("01") ? 2 : 0, layout, value, c.std());
                        month = r[0];
                        v = v.substring(r[1]);
                        if (month < 1 || month > 12) {
                            throw BuiltinException.builtinError("parsing time " + GoFormat.quote(value)
                                    + ": month out of range");
                        }
                    }
                    case "02", "2", "_2" -> {
                        if (c.std().equals("_2") && v.startsWith(" ")) {
                            v = v.substring(1);
                        }
                        int[] r = number(v, c.std().equals("02") ? 2 : 0, layout, value, c.std());
                        day = r[0];
                        v = v.substring(r[1]);
                    }
                    case "002", "__2" -> {
                        String t = v;
                        if (c.std().equals("__2")) {
                            t = t.replaceFirst("^ {1,2}", "");
                        }
                        int[] r = number(t, c.std().equals("002") ? 3 : 0, layout, value, c.std());
                        yday = r[0];
                        v = t.substring(r[1]);
                    }
                    case "15", "03", "3" -> {
                        int[] r = number(v, c.std().equals("3") ? 0 : 2, layout, value, c.std());
                        hour = r[0];
                        v = v.substring(r[1]);
                        if (hour > (c.std().equals("15") ? 23 : 12)) {
                            throw BuiltinException.builtinError("parsing time " + GoFormat.quote(value)
                                    + ": hour out of range");
                        }
                    }
                    case "04", "4" -> {
                        int[] r = number(v, c.std().equals("04") ? 2 : 0, layout, value, c.std());
                        minute = r[0];
                        v = v.substring(r[1]);
                        if (minute > 59) {
                            throw BuiltinException.builtinError("parsing time " + GoFormat.quote(value)
                                    + ": minute out of range");
                        }
                    }
                    case "05", "5" -> {
                        int[] r = number(v, c.std().equals("05") ? 2 : 0, layout, value, c.std());
                        second = r[0];
                        v = v.substring(r[1]);
                        if (second > 59) {
                            throw BuiltinException.builtinError("parsing time " + GoFormat.quote(value)
                                    + ": second out of range");
                        }
                        // A fraction may follow the seconds even if the layout has none.
                        boolean layoutHasFraction = ci + 1 < chunks.size() && chunks.get(ci + 1).std() != null
                                && chunks.get(ci + 1).std().startsWith(".");
                        if (!layoutHasFraction && v.length() > 1 && (v.charAt(0) == '.' || v.charAt(0) == ',')
                                && Character.isDigit(v.charAt(1))) {
                            int j = 1;
                            while (j < v.length() && Character.isDigit(v.charAt(j))) {
                                j++;
                            }
                            nanos = fraction(v.substring(1, j));
                            v = v.substring(j);
                        }
                    }
                    case ".0", ".9" -> {
                        if (c.std().equals(".0")) {
                            if (v.length() < 1 + c.digits() || (v.charAt(0) != '.' && v.charAt(0) != ',')
                                    || !digits(v.substring(1), c.digits())) {
                                throw parseError(layout, value, before, c.literal() + "0".repeat(c.digits()));
                            }
                            nanos = fraction(v.substring(1, 1 + c.digits()));
                            v = v.substring(1 + c.digits());
                        } else if (v.length() > 1 && (v.charAt(0) == '.' || v.charAt(0) == ',')
                                && Character.isDigit(v.charAt(1))) {
                            int j = 1;
                            while (j < v.length() && Character.isDigit(v.charAt(j))) {
                                j++;
                            }
                            nanos = fraction(v.substring(1, j));
                            v = v.substring(j);
                        }
                    }
                    case "PM", "pm" -> {
                        if (v.length() < 2) {
                            throw parseError(layout, value, before, c.std());
                        }
                        String p = v.substring(0, 2).toUpperCase(Locale.ROOT);
                        if (!p.equals("PM") && !p.equals("AM")) {
                            throw parseError(layout, value, before, c.std());
                        }
                        pm = p.equals("PM");
                        pmSet = true;
                        v = v.substring(2);
                    }
                    case "MST" -> {
                        int j = 0;
                        while (j < v.length() && (Character.isUpperCase(v.charAt(j)))) {
                            j++;
                        }
                        if (j < 3) {
                            throw parseError(layout, value, before, c.std());
                        }
                        zoneName = v.substring(0, j);
                        v = v.substring(j);
                    }
                    default -> {
                        // numeric zone offsets
                        String std = c.std();
                        if (std.startsWith("Z") && v.startsWith("Z")) {
                            offsetSeconds = 0;
                            v = v.substring(1);
                            break;
                        }
                        if (v.isEmpty() || (v.charAt(0) != '+' && v.charAt(0) != '-')) {
                            throw parseError(layout, value, before, std);
                        }
                        String shape = std.substring(1);
                        int sign = v.charAt(0) == '-' ? -1 : 1;
                        String body = v.substring(1);
                        int hh;
                        int mm = 0;
                        int ss = 0;
                        int used;
                        switch (shape) {
                            case "07" -> {
                                requireDigits(body, 2, layout, value, before, std);
                                hh = Integer.parseInt(body.substring(0, 2));
                                used = 2;
                            }
                            case "0700" -> {
                                requireDigits(body, 4, layout, value, before, std);
                                hh = Integer.parseInt(body.substring(0, 2));
                                mm = Integer.parseInt(body.substring(2, 4));
                                used = 4;
                            }
                            case "07:00" -> {
                                if (body.length() < 5 || body.charAt(2) != ':') {
                                    throw parseError(layout, value, before, std);
                                }
                                requireDigits(body.substring(0, 2) + body.substring(3, 5), 4, layout, value, before, std);
                                hh = Integer.parseInt(body.substring(0, 2));
                                mm = Integer.parseInt(body.substring(3, 5));
                                used = 5;
                            }
                            case "070000" -> {
                                requireDigits(body, 6, layout, value, before, std);
                                hh = Integer.parseInt(body.substring(0, 2));
                                mm = Integer.parseInt(body.substring(2, 4));
                                ss = Integer.parseInt(body.substring(4, 6));
                                used = 6;
                            }
                            default -> {
                                if (body.length() < 8 || body.charAt(2) != ':' || body.charAt(5) != ':') {
                                    throw parseError(layout, value, before, std);
                                }
                                hh = Integer.parseInt(body.substring(0, 2));
                                mm = Integer.parseInt(body.substring(3, 5));
                                ss = Integer.parseInt(body.substring(6, 8));
                                used = 8;
                            }
                        }
                        if (hh > 24 || mm > 60 || ss > 60) {
                            throw BuiltinException.builtinError("parsing time " + GoFormat.quote(value)
                                    + ": time zone offset out of range");
                        }
                        offsetSeconds = sign * (hh * 3600 + mm * 60 + ss);
                        v = body.substring(used);
                    }
                }
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                throw parseError(layout, value, before, c.std());
            }
        }
        if (!v.isEmpty()) {
            throw BuiltinException.builtinError("parsing time " + GoFormat.quote(value) + ": extra text: "
                    + GoFormat.quote(v));
        }
        if (pmSet) {
            if (pm && hour < 12) {
                hour += 12;
            } else if (!pm && hour == 12) {
                hour = 0;
            }
        }
        LocalDate date;
        try {
            if (yday >= 0) {
                date = LocalDate.ofYearDay(year, yday);
            } else {
                date = LocalDate.of(year, month, day);
            }
        } catch (DateTimeException e) {
            throw BuiltinException.builtinError("parsing time " + GoFormat.quote(value) + ": day out of range");
        }
        LocalDateTime ldt = date.atTime(hour, minute, second, nanos);
        if (offsetSeconds != null) {
            return ldt.atZone(ZoneOffset.ofTotalSeconds(offsetSeconds));
        }
        if (zoneName != null && !zoneName.equals("UTC") && !zoneName.equals("GMT")) {
            // Go treats an unknown abbreviation as a zone with zero offset named like it.
            return ldt.atZone(ZoneOffset.UTC);
        }
        return ldt.atZone(ZoneOffset.UTC);
    }

    private static void requireDigits(String s, int n, String layout, String value, String before, String std) {
        if (!digits(s, n)) {
            throw parseError(layout, value, before, std);
        }
    }

    private static boolean digits(String s, int n) {
        if (s.length() < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Parses a number of exactly {@code fixed} digits, or 1-2 digits when fixed is 0: {value, length}. */
    private static int[] number(String v, int fixed, String layout, String value, String std) {
        if (fixed > 0) {
            if (!digits(v, fixed)) {
                throw parseError(layout, value, v, std);
            }
            return new int[] {Integer.parseInt(v.substring(0, fixed)), fixed};
        }
        int j = 0;
        while (j < v.length() && j < 2 && Character.isDigit(v.charAt(j))) {
            j++;
        }
        if (j == 0) {
            throw parseError(layout, value, v, std);
        }
        return new int[] {Integer.parseInt(v.substring(0, j)), j};
    }

    private static int fraction(String digits) {
        String d = digits.length() > 9 ? digits.substring(0, 9) : digits;
        return Integer.parseInt(d + "0".repeat(9 - d.length()));
    }

    // ---- durations ----

    private static BuiltinException badDuration(String s) {
        return BuiltinException.builtinError("time: invalid duration " + GoFormat.quote(s));
    }

    /** Go's time.ParseDuration, in nanoseconds. */
    static long parseDuration(String s) {
        String orig = s;
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw badDuration(orig);
        }
        java.math.BigDecimal total = java.math.BigDecimal.ZERO;
        while (!s.isEmpty()) {
            int i = 0;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String num = s.substring(0, i);
            if (num.isEmpty() || num.equals(".") || num.indexOf('.') != num.lastIndexOf('.')) {
                throw badDuration(orig);
            }
            s = s.substring(i);
            int j = 0;
            while (j < s.length() && s.charAt(j) != '.' && !Character.isDigit(s.charAt(j))) {
                j++;
            }
            String unit = s.substring(0, j);
            s = s.substring(j);
            if (unit.isEmpty()) {
                throw BuiltinException.builtinError("time: missing unit in duration " + GoFormat.quote(orig));
            }
            long scale = switch (unit) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw BuiltinException.builtinError("time: unknown unit " + GoFormat.quote(unit)
                        + " in duration " + GoFormat.quote(orig));
            };
            total = total.add(new java.math.BigDecimal(num.startsWith(".") ? "0" + num : num)
                    .multiply(java.math.BigDecimal.valueOf(scale)));
        }
        java.math.BigInteger ns = total.setScale(0, java.math.RoundingMode.DOWN).toBigInteger();
        if (neg) {
            ns = ns.negate();
        }
        if (ns.bitLength() > 63) {
            throw badDuration(orig);
        }
        return ns.longValue();
    }
}
