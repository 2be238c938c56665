package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.math.BigInteger;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code semver.is_valid} and {@code semver.compare} per Semantic Versioning 2.0.0 (no leading "v"). */
final class SemverBuiltins implements BuiltinFamily {

    /** The grammar from semver.org; the groups are major, minor, patch, pre-release, build. */
    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
                    + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
                    + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

    @Override
    public List<Builtin> builtins() {
        return List.of(
                Builtin.of(BuiltinDecl.builder("semver.is_valid").category("semver").arg("vsn", Types.ANY)
                        .result(Types.BOOLEAN).build(),
                        (ctx, a) -> BooleanValue.of(a[0] instanceof StringValue s && SEMVER.matcher(s.value()).matches())),
                Builtin.of(BuiltinDecl.builder("semver.compare").category("semver").arg("a", Types.STRING)
                        .arg("b", Types.STRING).result(Types.NUMBER).build(), SemverBuiltins::compare));
    }

    private static Matcher parse(Value v, int pos) {
        String s = Operands.string(v, pos);
        Matcher m = SEMVER.matcher(s);
        if (!m.matches()) {
            throw BuiltinException.builtinError("operand " + pos + ": string " + GoFormat.quote(s)
                    + " is not a valid SemVer");
        }
        return m;
    }

    static Value compare(BuiltinContext ctx, Value[] a) {
        Matcher x = parse(a[0], 1);
        Matcher y = parse(a[1], 2);
        for (int g = 1; g <= 3; g++) {
            int c = new BigInteger(x.group(g)).compareTo(new BigInteger(y.group(g)));
            if (c != 0) {
                return NumberValue.of(Integer.signum(c));
            }
        }
        return NumberValue.of(comparePrerelease(x.group(4), y.group(4)));
    }

    /** A version without pre-release ranks higher; identifiers compare numerically, then lexically. */
    static int comparePrerelease(String a, String b) {
        if (a == null || b == null) {
            return a == null && b == null ? 0 : a == null ? 1 : -1;
        }
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean xn = x[i].chars().allMatch(Character::isDigit);
            boolean yn = y[i].chars().allMatch(Character::isDigit);
            int c;
            if (xn && yn) {
                c = new BigInteger(x[i]).compareTo(new BigInteger(y[i]));
            } else if (xn || yn) {
                c = xn ? -1 : 1;
            } else {
                c = x[i].compareTo(y[i]);
            }
            if (c != 0) {
                return Integer.signum(c);
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
