package dev.gatehouse.rego.builtins;

import com.google.re2j.Pattern;
import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.NullValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.util.List;

/**
 * {@code glob.match} and {@code glob.quote_meta} with gobwas/glob semantics (as OPA): {@code *} matches within
 * one segment (never a delimiter), {@code **} across segments, {@code ?} one non-delimiter character,
 * {@code [abc]}, {@code [!a-z]} one character of (not of) a class, {@code {a,b}} alternatives, {@code \x} a literal.
 * Delimiters default to {@code .} when the list is empty and are none when it is {@code null}. A glob is
 * translated once into an RE2 pattern and cached. Stateless otherwise.
 */
final class GlobBuiltins implements BuiltinFamily {

    private static final CompiledCache<String, Pattern> CACHE = new CompiledCache<>(1000);

    @Override
    public List<Builtin> builtins() {
        return List.of(
                Builtin.of(BuiltinDecl.builder("glob.match").category("glob").arg("pattern", Types.STRING)
                        .arg("delimiters", Types.anyOf(Types.NULL, Types.arrayOf(Types.STRING)))
                        .arg("match", Types.STRING).result(Types.BOOLEAN).build(), GlobBuiltins::match),
                Builtin.of(BuiltinDecl.builder("glob.quote_meta").category("glob").arg("pattern", Types.STRING)
                        .result(Types.STRING).build(), (ctx, a) -> StringValue.of(quoteMeta(Operands.string(a[0], 1)))));
    }

    static Value match(BuiltinContext ctx, Value[] a) {
        String pattern = Operands.string(a[0], 1);
        String delimiters;
        switch (a[1]) {
            case NullValue n -> delimiters = "";
            case ArrayValue arr -> {
                StringBuilder sb = new StringBuilder();
                for (Value v : arr) {
                    if (!(v instanceof StringValue s)) {
                        throw Operands.elementError(2, arr, v, "string");
                    }
                    if (Text.length(s.value()) != 1) {
                        throw Operands.elementError(2, arr, v, "rune");
                    }
                    sb.append(s.value());
                }
                delimiters = arr.isEmpty() ? "." : sb.toString();
            }
            default -> throw Operands.typeError(2, a[1], "array", "null");
        }
        String match = Operands.string(a[2], 3);
        Pattern p = CACHE.get(pattern + "\u0000" + delimiters, k -> Pattern.compile(toRegex(pattern, delimiters), Pattern.DOTALL));
        return BooleanValue.of(p.matches(match));
    }

    /** Translates a glob into an anchored regex; malformed globs fail like gobwas's compiler. */
    static String toRegex(String glob, String delimiters) {
        StringBuilder out = new StringBuilder();
        int end = translate(glob, 0, delimiters, out, false);
        if (end != glob.length()) {
            throw BuiltinException.builtinError("unexpected end of input");
        }
        return out.toString();
    }

    private static String notDelimiter(String delimiters) {
        if (delimiters.isEmpty()) {
            return ".";
        }
        StringBuilder sb = new StringBuilder("[^");
        delimiters.codePoints().forEach(c -> sb.append(escapeInClass(c)));
        return sb.append(']').toString();
    }

    private static String escapeInClass(int c) {
        return "\\x{" + Integer.toHexString(c) + "}";
    }

    /** Translates from {@code i}; inside braces stops at an unnested ',' or '}'. Returns the index reached. */
    private static int translate(String g, int i, String delimiters, StringBuilder out, boolean inBraces) {
        while (i < g.length()) {
            int c = g.codePointAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < g.length() && g.charAt(i + 1) == '*') {
                        out.append(".*");
                        i += 2;
                    } else {
                        out.append(notDelimiter(delimiters)).append('*');
                        i++;
                    }
                }
                case '?' -> {
                    out.append(notDelimiter(delimiters));
                    i++;
                }
                case '\\' -> {
                    if (i + 1 >= g.length()) {
                        throw BuiltinException.builtinError("unexpected end of input");
                    }
                    int next = g.codePointAt(i + 1);
                    out.append(Pattern.quote(new String(Character.toChars(next))));
                    i += 1 + Character.charCount(next);
                }
                case '[' -> {
                    int close = g.indexOf(']', i + 1);
                    if (close < 0) {
                        throw BuiltinException.builtinError("unexpected end of input");
                    }
                    String body = g.substring(i + 1, close);
                    boolean not = body.startsWith("!");
                    if (not) {
                        body = body.substring(1);
                    }
                    out.append(not ? "[^" : "[");
                    for (int k = 0; k < body.length(); ) {
                        int x = body.codePointAt(k);
                        k += Character.charCount(x);
                        if (x == '-' && k > 1 && k < body.length()) {
                            out.append('-');
                        } else {
                            out.append(escapeInClass(x));
                        }
                    }
                    out.append(']');
                    i = close + 1;
                }
                case '{' -> {
                    out.append("(?:");
                    i++;
                    while (true) {
                        i = translate(g, i, delimiters, out, true);
                        if (i >= g.length()) {
                            throw BuiltinException.builtinError("unexpected end of input");
                        }
                        if (g.charAt(i) == ',') {
                            out.append('|');
                            i++;
                        } else {
                            i++;
                            break;
                        }
                    }
                    out.append(')');
                }
                case ',', '}' -> {
                    if (inBraces) {
                        return i;
                    }
                    out.append(Pattern.quote(String.valueOf((char) c)));
                    i++;
                }
                default -> {
                    out.append(Pattern.quote(new String(Character.toChars(c))));
                    i += Character.charCount(c);
                }
            }
        }
        return i;
    }

    /** gobwas/glob's QuoteMeta: escapes its special characters {@code * ? \ [ ] { }}. */
    static String quoteMeta(String s) {
        StringBuilder sb = new StringBuilder(s.length() * 2);
        s.codePoints().forEach(c -> {
            if ("*?[]{}\\".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.appendCodePoint(c);
        });
        return sb.toString();
    }
}
