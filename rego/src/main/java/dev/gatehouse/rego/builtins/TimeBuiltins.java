package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/**
 * The time builtins (OPA's {@code time.go}): nanosecond timestamps, Go layouts, IANA zones (java.time's tz
 * database), Go's AddDate normalization and OPA's calendar diff. Every call in one query sees the same
 * {@code time.now_ns}. Stateless.
 */
final class TimeBuiltins implements BuiltinFamily {

    private static final Type TIME = Types.anyOf(Types.NUMBER, Types.ANY_ARRAY);
    private static final BigInteger MIN_NS = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX_NS = BigInteger.valueOf(Long.MAX_VALUE);

    @Override
    public List<Builtin> builtins() {
        return List.of(
                Builtin.of(decl("time.now_ns").result(Types.NUMBER).nondeterministic().build(),
                        (ctx, a) -> NumberValue.of(ctx.queryTimeNanos())),
                Builtin.of(decl("time.parse_ns").arg("layout", Types.STRING).arg("value", Types.STRING)
                        .result(Types.NUMBER).build(),
                        (ctx, a) -> nanos(GoTime.parse(GoTime.named(Operands.string(a[0], 1)), Operands.string(a[1], 2)))),
                Builtin.of(decl("time.parse_rfc3339_ns").arg("value", Types.STRING).result(Types.NUMBER).build(),
                        (ctx, a) -> nanos(GoTime.parse(GoTime.RFC3339, Operands.string(a[0], 1)))),
                Builtin.of(decl("time.parse_duration_ns").arg("duration", Types.STRING).result(Types.NUMBER).build(),
                        (ctx, a) -> NumberValue.of(GoTime.parseDuration(Operands.string(a[0], 1)))),
                Builtin.of(decl("time.format").arg("x", TIME).result(Types.STRING).build(), TimeBuiltins::format),
                Builtin.of(decl("time.date").arg("x", TIME).result(Types.arrayOf(Types.NUMBER)).build(), (ctx, a) -> {
                    ZonedDateTime t = zoned(a[0]).time();
                    return ArrayValue.of(NumberValue.of(t.getYear()), NumberValue.of(t.getMonthValue()),
                            NumberValue.of(t.getDayOfMonth()));
                }),
                Builtin.of(decl("time.clock").arg("x", TIME).result(Types.arrayOf(Types.NUMBER)).build(), (ctx, a) -> {
                    ZonedDateTime t = zoned(a[0]).time();
                    return ArrayValue.of(NumberValue.of(t.getHour()), NumberValue.of(t.getMinute()),
                            NumberValue.of(t.getSecond()));
                }),
                Builtin.of(decl("time.weekday").arg("x", TIME).result(Types.STRING).build(),
                        (ctx, a) -> StringValue.of(zoned(a[0]).time().getDayOfWeek()
                                .getDisplayName(TextStyle.FULL, Locale.ENGLISH))),
                Builtin.of(decl("time.add_date").arg("ns", Types.NUMBER).arg("years", Types.NUMBER)
                        .arg("months", Types.NUMBER).arg("days", Types.NUMBER).result(Types.NUMBER).build(),
                        TimeBuiltins::addDate),
                Builtin.of(decl("time.diff").arg("ns1", TIME).arg("ns2", TIME).result(Types.arrayOf(Types.NUMBER))
                        .build(), TimeBuiltins::diff));
    }

    private static BuiltinDecl.Builder decl(String name) {
        return BuiltinDecl.builder(name).category("time");
    }

    /** A timestamp in a zone, with the layout given as third array element (or empty). */
    record Zoned(ZonedDateTime time, String layout) {}

    private static BuiltinException shape(Value v) {
        return Operands.typeError(1, v, "either number (ns) or [number (ns), string (tz)]");
    }

    static Zoned zoned(Value v) {
        Value ns;
        ZoneId zone = ZoneOffset.UTC;
        String layout = "";
        switch (v) {
            case NumberValue n -> ns = n;
            case ArrayValue arr -> {
                if (arr.isEmpty()) {
                    throw shape(v);
                }
                ns = Operands.number(arr.get(0), 1);
                if (arr.size() > 1) {
                    String tz = Operands.string(arr.get(1), 1);
                    zone = zone(tz);
                }
                if (arr.size() > 2) {
                    layout = Operands.string(arr.get(2), 1);
                }
            }
            default -> throw shape(v);
        }
        NumberValue n = (NumberValue) ns;
        if (!n.isLong()) {
            throw BuiltinException.builtinError("timestamp too big");
        }
        long nanos = n.longValue();
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        return new Zoned(instant.atZone(zone), layout);
    }

    static ZoneId zone(String tz) {
        switch (tz) {
            case "", "UTC" -> {
                return ZoneOffset.UTC;
            }
            case "Local" -> {
                return ZoneId.systemDefault();
            }
            default -> {
                try {
                    return ZoneId.of(tz);
                } catch (DateTimeException e) {
                    throw BuiltinException.builtinError("unknown time zone " + tz);
                }
            }
        }
    }

    /** Nanoseconds since the epoch, or OPA's range error outside int64. */
    static Value nanos(ZonedDateTime t) {
        BigInteger ns = BigInteger.valueOf(t.toEpochSecond()).multiply(BigInteger.valueOf(1_000_000_000L))
                .add(BigInteger.valueOf(t.getNano()));
        if (ns.compareTo(MIN_NS) < 0 || ns.compareTo(MAX_NS) > 0) {
            throw BuiltinException.builtinError("time outside of valid range");
        }
        return Numbers.of(ns);
    }

    static Value format(BuiltinContext ctx, Value[] a) {
        Zoned z = zoned(a[0]);
        String layout = z.layout().isEmpty() ? GoTime.RFC3339_NANO : GoTime.named(z.layout());
        return StringValue.of(GoTime.format(z.time(), layout));
    }

    /** Go's AddDate: months and days overflow into the next unit (Jan 31 + 1 month = Mar 3). */
    static Value addDate(BuiltinContext ctx, Value[] a) {
        ZonedDateTime t = zoned(a[0]).time();
        int years = Operands.integer(a[1], 2);
        int months = Operands.integer(a[2], 3);
        int days = Operands.integer(a[3], 4);
        long totalMonths = (long) t.getYear() * 12 + (t.getMonthValue() - 1) + (long) years * 12 + months;
        long year = Math.floorDiv(totalMonths, 12);
        int month = (int) Math.floorMod(totalMonths, 12) + 1;
        if (year < -1_000_000 || year > 1_000_000) {
            throw BuiltinException.builtinError("time outside of valid range");
        }
        LocalDate date = LocalDate.of((int) year, month, 1).plusDays((long) t.getDayOfMonth() - 1 + days);
        ZonedDateTime result = ZonedDateTime.of(date, t.toLocalTime(), t.getZone());
        return nanos(result);
    }

    static Value diff(BuiltinContext ctx, Value[] a) {
        ZonedDateTime t1 = zoned(a[0]).time();
        ZonedDateTime t2 = zoned(a[1]).time();
        t2 = t2.withZoneSameInstant(t1.getZone());
        if (t1.isAfter(t2)) {
            ZonedDateTime tmp = t1;
            t1 = t2;
            t2 = tmp;
        }
        int year = t2.getYear() - t1.getYear();
        int month = t2.getMonthValue() - t1.getMonthValue();
        int day = t2.getDayOfMonth() - t1.getDayOfMonth();
        int hour = t2.getHour() - t1.getHour();
        int min = t2.getMinute() - t1.getMinute();
        int sec = t2.getSecond() - t1.getSecond();
        if (sec < 0) {
            sec += 60;
            min--;
        }
        if (min < 0) {
            min += 60;
            hour--;
        }
        if (hour < 0) {
            hour += 24;
            day--;
        }
        if (day < 0) {
            // Days in t1's month, computed as Go does by normalizing day 32.
            LocalDate d32 = LocalDate.of(t1.getYear(), t1.getMonthValue(), 1).plusDays(31);
            day += 32 - d32.getDayOfMonth();
            month--;
        }
        if (month < 0) {
            month += 12;
            year--;
        }
        return ArrayValue.of(NumberValue.of(year), NumberValue.of(month), NumberValue.of(day), NumberValue.of(hour),
                NumberValue.of(min), NumberValue.of(sec));
    }
}
