package dev.gatehouse.rego.builtins;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * The regular-expression builtins (OPA's {@code regex.go}, {@code regex_template.go}) with RE2 semantics through
 * re2j: linear time, no backreferences, Go's rules for empty matches and for {@code $1}/{@code ${name}}
 * expansion in replacements. Compiled patterns are cached process-wide. Stateless otherwise.
 */
final class RegexBuiltins implements BuiltinFamily {

    private static final CompiledCache<String, Pattern> CACHE = new CompiledCache<>(1000);

    @Override
    public List<Builtin> builtins() {
        return List.of(
                Builtin.of(decl("regex.is_valid").arg("pattern", Types.STRING).result(Types.BOOLEAN).build(),
                        RegexBuiltins::isValid),
                Builtin.of(decl("regex.match").arg("pattern", Types.STRING).arg("value", Types.STRING)
                        .result(Types.BOOLEAN).build(), RegexBuiltins::match),
                Builtin.of(decl("re_match").arg("pattern", Types.STRING).arg("value", Types.STRING)
                        .result(Types.BOOLEAN).deprecated().build(), RegexBuiltins::match),
                Builtin.of(decl("regex.split").arg("pattern", Types.STRING).arg("value", Types.STRING)
                        .result(Types.arrayOf(Types.STRING)).build(), RegexBuiltins::split),
                Builtin.of(decl("regex.find_n").arg("pattern", Types.STRING).arg("value", Types.STRING)
                        .arg("number", Types.NUMBER).result(Types.arrayOf(Types.STRING)).build(), RegexBuiltins::findN),
                Builtin.of(decl("regex.find_all_string_submatch_n").arg("pattern", Types.STRING)
                        .arg("value", Types.STRING).arg("number", Types.NUMBER)
                        .result(Types.arrayOf(Types.arrayOf(Types.STRING))).build(), RegexBuiltins::findAllSubmatch),
                Builtin.of(decl("regex.replace").arg("s", Types.STRING).arg("pattern", Types.STRING)
                        .arg("value", Types.STRING).result(Types.STRING).build(), RegexBuiltins::replace),
                Builtin.of(decl("regex.template_match").arg("template", Types.STRING).arg("value", Types.STRING)
                        .arg("delimiter_start", Types.STRING).arg("delimiter_end", Types.STRING)
                        .result(Types.BOOLEAN).build(), RegexBuiltins::templateMatch),
                Builtin.of(decl("regex.globs_match").arg("glob1", Types.STRING).arg("glob2", Types.STRING)
                        .result(Types.BOOLEAN).build(),
                        (ctx, a) -> BooleanValue.of(GlobIntersection.nonEmpty(
                                Operands.string(a[0], 1), Operands.string(a[1], 2)))));
    }

    private static BuiltinDecl.Builder decl(String name) {
        return BuiltinDecl.builder(name).category("regex");
    }

    /** Compiles (cached) with Go's error text, e.g. {@code error parsing regexp: missing closing ]: `[`}. */
    static Pattern compile(String pattern) {
        return CACHE.get(pattern, p -> {
            try {
                return Pattern.compile(p);
            } catch (PatternSyntaxException e) {
                throw BuiltinException.builtinError(e.getMessage());
            }
        });
    }

    static Value isValid(BuiltinContext ctx, Value[] a) {
        if (!(a[0] instanceof StringValue s)) {
            return BooleanValue.FALSE;
        }
        try {
            compile(s.value());
            return BooleanValue.TRUE;
        } catch (BuiltinException e) {
            return BooleanValue.FALSE;
        }
    }

    static Value match(BuiltinContext ctx, Value[] a) {
        String pattern = Operands.string(a[0], 1);
        String value = Operands.string(a[1], 2);
        return BooleanValue.of(compile(pattern).matcher(value).find());
    }

    /** Match spans [start0, end0, start1, end1, ...] of successive matches, with Go's empty-match rule. */
    static List<int[]> allMatches(Pattern p, String s, int limit) {
        List<int[]> out = new ArrayList<>();
        if (limit == 0) {
            return out;
        }
        Matcher m = p.matcher(s);
        int groups = m.groupCount();
        int pos = 0;
        int prevEnd = -1;
        while ((limit < 0 || out.size() < limit) && pos <= s.length()) {
            if (!m.find(pos)) {
                break;
            }
            boolean accept = true;
            if (m.end() == m.start()) {
                if (m.start() == prevEnd) {
                    accept = false;
                }
                pos = m.end() < s.length() ? m.end() + Character.charCount(s.codePointAt(m.end())) : m.end() + 1;
            } else {
                pos = m.end();
            }
            prevEnd = m.end();
            if (accept) {
                int[] span = new int[2 * (groups + 1)];
                for (int g = 0; g <= groups; g++) {
                    span[2 * g] = m.start(g);
                    span[2 * g + 1] = m.end(g);
                }
                out.add(span);
            }
        }
        return out;
    }

    static Value split(BuiltinContext ctx, Value[] a) {
        Pattern p = compile(Operands.string(a[0], 1));
        String s = Operands.string(a[1], 2);
        List<Value> parts = new ArrayList<>();
        if (!p.pattern().isEmpty() && s.isEmpty()) {
            return ArrayValue.of(StringValue.EMPTY);
        }
        int begin = 0;
        int end = 0;
        for (int[] span : allMatches(p, s, -1)) {
            end = span[0];
            if (span[1] != 0) {
                parts.add(StringValue.of(s.substring(begin, end)));
            }
            begin = span[1];
        }
        if (end != s.length()) {
            parts.add(StringValue.of(s.substring(begin)));
        }
        return ArrayValue.of(parts);
    }

    static Value findN(BuiltinContext ctx, Value[] a) {
        Pattern p = compile(Operands.string(a[0], 1));
        String s = Operands.string(a[1], 2);
        int n = Operands.integer(a[2], 3);
        List<Value> out = new ArrayList<>();
        for (int[] span : allMatches(p, s, n)) {
            out.add(StringValue.of(s.substring(span[0], span[1])));
        }
        return ArrayValue.of(out);
    }

    static Value findAllSubmatch(BuiltinContext ctx, Value[] a) {
        Pattern p = compile(Operands.string(a[0], 1));
        String s = Operands.string(a[1], 2);
        int n = Operands.integer(a[2], 3);
        List<Value> out = new ArrayList<>();
        for (int[] span : allMatches(p, s, n)) {
            Value[] groups = new Value[span.length / 2];
            for (int g = 0; g < groups.length; g++) {
                groups[g] = span[2 * g] < 0 ? StringValue.EMPTY : StringValue.of(s.substring(span[2 * g], span[2 * g + 1]));
            }
            out.add(ArrayValue.of(groups));
        }
        return ArrayValue.of(out);
    }

    /** Go's Regexp.ReplaceAllString. */
    static Value replace(BuiltinContext ctx, Value[] a) {
        String src = Operands.string(a[0], 1);
        Pattern p = compile(Operands.string(a[1], 2));
        String template = Operands.string(a[2], 3);
        Matcher m = p.matcher(src);
        StringBuilder out = new StringBuilder(src.length());
        int lastMatchEnd = 0;
        int searchPos = 0;
        while (searchPos <= src.length()) {
            if (!m.find(searchPos)) {
                break;
            }
            out.append(src, lastMatchEnd, m.start());
            if (m.end() > lastMatchEnd || m.start() == 0) {
                expand(out, template, m, p);
            }
            lastMatchEnd = m.end();
            int width = searchPos < src.length() ? Character.charCount(src.codePointAt(searchPos)) : 1;
            if (searchPos + width > m.end()) {
                searchPos += width;
            } else if (searchPos + 1 > m.end()) {
                searchPos++;
            } else {
                searchPos = m.end();
            }
        }
        out.append(src, Math.min(lastMatchEnd, src.length()), src.length());
        String result = out.toString();
        return result.equals(src) ? a[0] : StringValue.of(result);
    }

    /** Go's Regexp.Expand: {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}}, {@code $$}. */
    private static void expand(StringBuilder out, String template, Matcher m, Pattern p) {
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = template.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            String name;
            int after;
            if (next == '{') {
                int close = template.indexOf('}', i + 2);
                name = close < 0 ? null : template.substring(i + 2, close);
                after = close + 1;
                if (name != null && (name.isEmpty() || !isNameChars(name))) {
                    name = null;
                }
            } else {
                int j = i + 1;
                while (j < template.length() && isNameChar(template.charAt(j))) {
                    j++;
                }
                name = j > i + 1 ? template.substring(i + 1, j) : null;
                after = j;
            }
            if (name == null) {
                out.append('$');
                i++;
                continue;
            }
            out.append(groupText(m, p, name));
            i = after;
        }
    }

    private static boolean isNameChar(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean isNameChars(String s) {
        for (int k = 0; k < s.length(); k++) {
            if (!isNameChar(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static String groupText(Matcher m, Pattern p, String name) {
        int group = -1;
        if (name.chars().allMatch(Character::isDigit)) {
            try {
                group = Integer.parseInt(name);
            } catch (NumberFormatException tooLong) {
                return "";
            }
        } else {
            Integer named = p.namedGroups().get(name);
            if (named == null) {
                return "";
            }
            group = named;
        }
        if (group > m.groupCount()) {
            return "";
        }
        String g = m.group(group);
        return g == null ? "" : g;
    }

    static Value templateMatch(BuiltinContext ctx, Value[] a) {
        String template = Operands.string(a[0], 1);
        String value = Operands.string(a[1], 2);
        String start = Operands.string(a[2], 3);
        String end = Operands.string(a[3], 4);
        if (start.length() != 1) {
            throw BuiltinException.builtinError(
                    "start delimiter has to be exactly one character long but is " + start.length() + " long");
        }
        if (end.length() != 1) {
            throw BuiltinException.builtinError(
                    "end delimiter has to be exactly one character long but is " + start.length() + " long");
        }
        Pattern p = compileTemplate(template, start.charAt(0), end.charAt(0));
        return BooleanValue.of(p.matcher(value).find());
    }

    /** Literal text between delimited regex parts, anchored at both ends (gorilla/mux-style templates). */
    static Pattern compileTemplate(String template, char open, char close) {
        StringBuilder pattern = new StringBuilder("^");
        int level = 0;
        int partStart = 0;
        int literalStart = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == open) {
                if (level++ == 0) {
                    pattern.append(Pattern.quote(template.substring(literalStart, i)).replace("\\Q\\E", ""));
                    partStart = i + 1;
                }
            } else if (c == close) {
                if (--level == 0) {
                    String part = template.substring(partStart, i);
                    compile("^" + part + "$");
                    pattern.append('(').append(part).append(')');
                    literalStart = i + 1;
                } else if (level < 0) {
                    throw BuiltinException.builtinError("unbalanced braces in " + GoFormat.quote(template));
                }
            }
        }
        if (level != 0) {
            throw BuiltinException.builtinError("unbalanced braces in " + GoFormat.quote(template));
        }
        pattern.append(Pattern.quote(template.substring(literalStart)).replace("\\Q\\E", "")).append('$');
        return compile(pattern.toString());
    }
}
