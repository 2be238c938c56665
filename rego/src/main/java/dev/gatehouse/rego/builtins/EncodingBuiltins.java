package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.NullValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Encoding builtins (OPA's {@code encoding.go}): base64, base64url, hex, URL query escaping, JSON and YAML.
 * Decoders follow Go's error texts ({@code illegal base64 data at input byte 4}). Stateless and thread-safe.
 */
final class EncodingBuiltins implements BuiltinFamily {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .build();

    @Override
    public List<Builtin> builtins() {
        return List.of(
                string("base64.encode", s -> Base64.getEncoder().encodeToString(utf8(s))),
                string("base64.decode", s -> text(decodeBase64(s, false))),
                Builtin.of(decl("base64.is_valid").arg("x", Types.STRING).result(Types.BOOLEAN).build(),
                        (ctx, a) -> BooleanValue.of(a[0] instanceof StringValue s && validBase64(s.value()))),
                string("base64url.encode", s -> Base64.getUrlEncoder().encodeToString(utf8(s))),
                string("base64url.encode_no_pad", s -> Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(s))),
                string("base64url.decode", EncodingBuiltins::decodeBase64Url),
                string("hex.encode", EncodingBuiltins::hexEncode),
                string("hex.decode", s -> text(hexDecode(s))),
                string("urlquery.encode", EncodingBuiltins::queryEscape),
                string("urlquery.decode", EncodingBuiltins::queryUnescape),
                Builtin.of(decl("urlquery.encode_object")
                        .arg("object", Types.objectOf(Types.STRING, Types.anyOf(Types.STRING,
                                Types.arrayOf(Types.STRING), Types.setOf(Types.STRING))))
                        .result(Types.STRING).build(), EncodingBuiltins::encodeObject),
                Builtin.of(decl("urlquery.decode_object").arg("x", Types.STRING)
                        .result(Types.objectOf(Types.STRING, Types.arrayOf(Types.STRING))).build(),
                        EncodingBuiltins::decodeObject),
                Builtin.of(decl("json.marshal").arg("x", Types.ANY).result(Types.STRING).build(),
                        (ctx, a) -> StringValue.of(GoJson.marshal(a[0]))),
                Builtin.of(decl("json.marshal_with_options").arg("x", Types.ANY)
                        .arg("opts", Types.objectOf(Types.STRING, Types.ANY)).result(Types.STRING).build(),
                        EncodingBuiltins::marshalWithOptions),
                Builtin.of(decl("json.unmarshal").arg("x", Types.STRING).result(Types.ANY).build(),
                        EncodingBuiltins::jsonUnmarshal),
                Builtin.of(decl("json.is_valid").arg("x", Types.STRING).result(Types.BOOLEAN).build(),
                        (ctx, a) -> BooleanValue.of(a[0] instanceof StringValue s && validJson(s.value()))),
                Builtin.of(decl("yaml.marshal").arg("x", Types.ANY).result(Types.STRING).build(),
                        EncodingBuiltins::yamlMarshal),
                Builtin.of(decl("yaml.unmarshal").arg("x", Types.STRING).result(Types.ANY).build(),
                        (ctx, a) -> yamlUnmarshal(Operands.string(a[0], 1))),
                Builtin.of(decl("yaml.is_valid").arg("x", Types.STRING).result(Types.BOOLEAN).build(),
                        EncodingBuiltins::yamlIsValid));
    }

    private interface StringOp {
        String apply(String s);
    }

    private static BuiltinDecl.Builder decl(String name) {
        return BuiltinDecl.builder(name).category("encoding");
    }

    private static Builtin string(String name, StringOp op) {
        return Builtin.of(decl(name).arg("x", Types.STRING).result(Types.STRING).build(),
                (ctx, a) -> StringValue.of(op.apply(Operands.string(a[0], 1))));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Decoded bytes as a string; invalid UTF-8 becomes U+FFFD (Rego strings are text). */
    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    // ---- base64 ----

    private static int[] decodeMap(boolean url) {
        int[] map = new int[256];
        java.util.Arrays.fill(map, -1);
        String alphabet = url
                ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            map[alphabet.charAt(i)] = i;
        }
        return map;
    }

    private static final int[] STD = decodeMap(false);
    private static final int[] URL = decodeMap(true);

    private static BuiltinException corrupt(int at) {
        return BuiltinException.builtinError("illegal base64 data at input byte " + at);
    }

    /** Go's padded base64 decoding (StdEncoding / URLEncoding), newlines ignored. */
    static byte[] decodeBase64(String s, boolean url) {
        return decodeBase64(utf8(s), url ? URL : STD, true);
    }

    /** Go's decoder: {@code padded} selects StdEncoding-style padding, else RawStdEncoding. */
    static byte[] decodeBase64(byte[] src, int[] map, boolean padded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(src.length * 3 / 4);
        int si = 0;
        int[] q = new int[4];
        while (true) {
            int j = 0;
            int dlen = 4;
            boolean end = false;
            for (; j < 4; j++) {
                if (si == src.length) {
                    if (j == 0) {
                        return out.toByteArray();
                    }
                    if (j == 1 || padded) {
                        throw corrupt(si - j);
                    }
                    dlen = j;
                    end = true;
                    break;
                }
                int in = src[si] & 0xff;
                si++;
                int v = map[in];
                if (v >= 0) {
                    q[j] = v;
                    continue;
                }
                if (in == '\n' || in == '\r') {
                    j--;
                    continue;
                }
                if (in != '=' || !padded) {
                    throw corrupt(si - 1);
                }
                if (j < 2) {
                    throw corrupt(si - 1);
                }
                if (j == 2) {
                    while (si < src.length && (src[si] == '\n' || src[si] == '\r')) {
                        si++;
                    }
                    if (si == src.length) {
                        throw corrupt(src.length);
                    }
                    if (src[si] != '=') {
                        throw corrupt(si - 1);
                    }
                    si++;
                }
                while (si < src.length && (src[si] == '\n' || src[si] == '\r')) {
                    si++;
                }
                if (si < src.length) {
                    throw corrupt(si);
                }
                dlen = j;
                end = true;
                break;
            }
            int bits = (q[0] << 18) | (q[1] << 12) | (dlen > 2 ? q[2] << 6 : 0) | (dlen > 3 ? q[3] : 0);
            out.write((bits >> 16) & 0xff);
            if (dlen > 2) {
                out.write((bits >> 8) & 0xff);
            }
            if (dlen > 3) {
                out.write(bits & 0xff);
            }
            if (end) {
                return out.toByteArray();
            }
            java.util.Arrays.fill(q, 0);
        }
    }

    static boolean validBase64(String s) {
        try {
            decodeBase64(s, false);
            return true;
        } catch (BuiltinException e) {
            return false;
        }
    }

    /** base64url.decode accepts missing padding (RFC 7515 appendix C), as OPA. */
    static String decodeBase64Url(String s) {
        String padded = s;
        if (!s.endsWith("=")) {
            switch (s.length() % 4) {
                case 0 -> { }
                case 2 -> padded = s + "==";
                case 3 -> padded = s + "=";
                default -> throw BuiltinException.builtinError("illegal base64url string: " + s);
            }
        }
        return text(decodeBase64(padded, true));
    }

    /** Raw (unpadded) base64url, as JWT segments use; shared with the JWT family. */
    static byte[] decodeRawUrl(String s) {
        return decodeBase64(utf8(s), URL, false);
    }

    // ---- hex ----

    static String hexEncode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : utf8(s)) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    private static BuiltinException invalidHexByte(int b) {
        String shown = b < 0x80 ? " '" + (char) b + "'" : "";
        return BuiltinException.builtinError(String.format("encoding/hex: invalid byte: U+%04X%s", b, shown));
    }

    static byte[] hexDecode(String s) {
        byte[] src = utf8(s);
        byte[] out = new byte[src.length / 2];
        int j = 1;
        for (; j < src.length; j += 2) {
            int hi = Character.digit(src[j - 1] & 0xff, 16);
            int lo = Character.digit(src[j] & 0xff, 16);
            if (hi < 0 || (src[j - 1] & 0xff) > 0x7f) {
                throw invalidHexByte(src[j - 1] & 0xff);
            }
            if (lo < 0 || (src[j] & 0xff) > 0x7f) {
                throw invalidHexByte(src[j] & 0xff);
            }
            out[j / 2] = (byte) ((hi << 4) | lo);
        }
        if (src.length % 2 == 1) {
            if (Character.digit(src[j - 1] & 0xff, 16) < 0) {
                throw invalidHexByte(src[j - 1] & 0xff);
            }
            throw BuiltinException.builtinError("encoding/hex: odd length hex string");
        }
        return out;
    }

    // ---- URL query ----

    /** Go's url.QueryEscape. */
    static String queryEscape(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : utf8(s)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                sb.append((char) c);
            } else if (c == ' ') {
                sb.append('+');
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /** Go's url.QueryUnescape. */
    static String queryUnescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] src = utf8(s);
        for (int i = 0; i < src.length; i++) {
            int c = src[i] & 0xff;
            if (c == '%') {
                if (i + 2 >= src.length || Character.digit(src[i + 1], 16) < 0 || Character.digit(src[i + 2], 16) < 0) {
                    String bad = new String(src, i, Math.min(3, src.length - i), StandardCharsets.UTF_8);
                    throw BuiltinException.builtinError("invalid URL escape " + GoFormat.quote(bad));
                }
                out.write((Character.digit(src[i + 1], 16) << 4) | Character.digit(src[i + 2], 16));
                i += 2;
            } else if (c == '+') {
                out.write(' ');
            } else {
                out.write(c);
            }
        }
        return text(out.toByteArray());
    }

    static Value encodeObject(BuiltinContext ctx, Value[] a) {
        ObjectValue o = Operands.object(a[0], 1);
        Map<String, List<String>> query = new TreeMap<>();
        for (int i = 0; i < o.size(); i++) {
            String key = GoJson.keyText(o.keyAt(i));
            Value v = o.valueAt(i);
            List<String> values = new ArrayList<>();
            switch (v) {
                case StringValue s -> values.add(s.value());
                case ArrayValue arr -> addStrings(arr, values);
                case SetValue set -> addStrings(set, values);
                default -> throw Operands.error(1, "values must be string, array[string], or set[string]");
            }
            query.put(key, values);
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            for (String v : e.getValue()) {
                if (!sb.isEmpty()) {
                    sb.append('&');
                }
                sb.append(queryEscape(e.getKey())).append('=').append(queryEscape(v));
            }
        }
        return StringValue.of(sb.toString());
    }

    private static void addStrings(Iterable<Value> items, List<String> out) {
        for (Value e : items) {
            if (!(e instanceof StringValue s)) {
                throw Operands.error(1, "values must be string, array[string], or set[string]");
            }
            out.add(s.value());
        }
    }

    static Value decodeObject(BuiltinContext ctx, Value[] a) {
        String query = Operands.string(a[0], 1);
        Map<String, List<Value>> params = new LinkedHashMap<>();
        for (String part : query.split("&", -1)) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.contains(";")) {
                throw BuiltinException.builtinError("invalid semicolon separator in query");
            }
            int eq = part.indexOf('=');
            String k = queryUnescape(eq < 0 ? part : part.substring(0, eq));
            String v = eq < 0 ? "" : queryUnescape(part.substring(eq + 1));
            params.computeIfAbsent(k, x -> new ArrayList<>()).add(StringValue.of(v));
        }
        ObjectValue.Builder b = ObjectValue.builder();
        params.forEach((k, vs) -> b.put(k, ArrayValue.of(vs)));
        return b.build();
    }

    // ---- JSON ----

    static Value marshalWithOptions(BuiltinContext ctx, Value[] a) {
        ObjectValue opts = Operands.object(a[1], 2);
        String indent = "\t";
        String prefix = "";
        boolean implicitPretty = false;
        Boolean explicitPretty = null;
        for (int i = 0; i < opts.size(); i++) {
            if (!(opts.keyAt(i) instanceof StringValue key)) {
                throw Operands.error(2, "failed to stringify key " + opts.keyAt(i) + " at index " + i
                        + ": operand " + i + " must be string but got " + opts.keyAt(i).typeName());
            }
            Value v = opts.valueAt(i);
            switch (key.value()) {
                case "prefix" -> {
                    prefix = optionString(key.value(), v, i);
                    implicitPretty = true;
                }
                case "indent" -> {
                    indent = optionString(key.value(), v, i);
                    implicitPretty = true;
                }
                case "pretty" -> {
                    if (!(v instanceof BooleanValue b)) {
                        throw Operands.error(2, "key pretty failed cast to bool");
                    }
                    explicitPretty = b.value();
                }
                default -> throw Operands.error(2, "object contained unknown key " + GoFormat.quote(key.value()));
            }
        }
        boolean pretty = explicitPretty != null ? explicitPretty : implicitPretty;
        if (!pretty) {
            return StringValue.of(GoJson.marshal(a[0]));
        }
        return StringValue.of(prefix + GoJson.marshalIndent(a[0], prefix, indent));
    }

    private static String optionString(String key, Value v, int index) {
        if (v instanceof StringValue s) {
            return s.value();
        }
        throw Operands.error(2, "key " + key + " failed cast to string: operand " + index + " must be string but got "
                + v.typeName());
    }

    static Value jsonUnmarshal(BuiltinContext ctx, Value[] a) {
        String s = Operands.string(a[0], 1);
        try {
            return ValueJson.parse(s);
        } catch (IllegalArgumentException e) {
            throw BuiltinException.builtinError(e.getMessage() == null ? "invalid JSON" : e.getMessage());
        }
    }

    static boolean validJson(String s) {
        try {
            ValueJson.parse(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // ---- YAML ----

    static Value yamlMarshal(BuiltinContext ctx, Value[] a) {
        try {
            JsonNode node = YAML.readTree(ValueJson.toJson(jsonSafe(a[0])));
            String out = YAML.writeValueAsString(node);
            return StringValue.of(out);
        } catch (JacksonException e) {
            throw BuiltinException.builtinError(e.getOriginalMessage());
        }
    }

    /** Sets become arrays and non-string keys their JSON text, as OPA's ast.JSON does before encoding. */
    private static Value jsonSafe(Value v) {
        return switch (v) {
            case SetValue s -> {
                List<Value> out = new ArrayList<>();
                for (Value e : s) {
                    out.add(jsonSafe(e));
                }
                yield ArrayValue.of(out);
            }
            case ArrayValue arr -> {
                List<Value> out = new ArrayList<>();
                for (Value e : arr) {
                    out.add(jsonSafe(e));
                }
                yield ArrayValue.of(out);
            }
            case ObjectValue o -> {
                ObjectValue.Builder b = ObjectValue.builder();
                for (int i = 0; i < o.size(); i++) {
                    b.put(GoJson.keyText(o.keyAt(i)), jsonSafe(o.valueAt(i)));
                }
                yield b.build();
            }
            default -> v;
        };
    }

    static Value yamlUnmarshal(String s) {
        try {
            JsonNode node = YAML.readTree(s);
            if (node == null || node.isMissingNode()) {
                return NullValue.INSTANCE;
            }
            return fromYamlNode(node);
        } catch (JacksonException e) {
            throw BuiltinException.builtinError(goYamlMessage(e.getOriginalMessage()));
        }
    }

    private static final java.util.regex.Pattern YAML_LINE = java.util.regex.Pattern.compile(" line (\\d+), column");
    private static final java.util.regex.Pattern YAML_EXPECTED =
            java.util.regex.Pattern.compile("(?m)^expected (.*), but (?:got|found) .*$");

    /**
     * Rewrites the YAML parser's message in go-yaml's form ({@code yaml: line 1: did not find expected ',' or ']'}),
     * which policies and tests match on.
     */
    static String goYamlMessage(String message) {
        String text = message == null ? "invalid YAML" : message;
        java.util.regex.Matcher line = YAML_LINE.matcher(text);
        String where = line.find() ? "line " + line.group(1) + ": " : "";
        java.util.regex.Matcher expected = YAML_EXPECTED.matcher(text);
        if (expected.find()) {
            return "yaml: " + where + "did not find expected " + expected.group(1);
        }
        String first = text.lines().findFirst().orElse(text).strip();
        return "yaml: " + where + first;
    }

    private static Value fromYamlNode(JsonNode node) {
        if (node.isObject()) {
            ObjectValue.Builder b = ObjectValue.builder();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                b.put(e.getKey(), fromYamlNode(e.getValue()));
            }
            return b.build();
        }
        if (node.isArray()) {
            List<Value> out = new ArrayList<>();
            for (JsonNode e : node) {
                out.add(fromYamlNode(e));
            }
            return ArrayValue.of(out);
        }
        return ValueJson.parse(node.toString());
    }

    static Value yamlIsValid(BuiltinContext ctx, Value[] a) {
        if (!(a[0] instanceof StringValue s)) {
            return BooleanValue.FALSE;
        }
        try {
            YAML.readTree(s.value());
            return BooleanValue.TRUE;
        } catch (JacksonException e) {
            return BooleanValue.FALSE;
        }
    }
}
