package dev.gatehouse.auth.tokens;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Writes a JSON tree byte for byte as go-jose's JSON encoder (a fork of Go's encoding/json) writes it, which is
 * what kube-apiserver signs: compact, object members in the tree's order, and strings escaped Go's way:
 * <code>&lt; &gt; &amp;</code> as <code>&#92;u003c &#92;u003e &#92;u0026</code>, U+2028 and U+2029 as
 * <code>&#92;u2028 &#92;u2029</code>, newline, return and tab as <code>&#92;n &#92;r &#92;t</code>, every other
 * control character as <code>&#92;u00xx</code> in lower-case hex (backspace and form feed too: the fork predates
 * Go 1.22's short forms), and what Go would see as invalid UTF-8 (a lone surrogate here) as <code>&#92;ufffd</code>.
 * Jackson differs on all of these but the short forms, so a token with an audience such as
 * {@code https://vault?a=1&b=2} would otherwise not be the bytes kube-apiserver issues.
 *
 * <p>Only what claims and headers hold: objects, arrays, strings, integers, booleans and null; a fractional number
 * is refused (Go formats floats differently, and no claim is one). Thread-safe: each {@link #write} has its own
 * buffer.
 */
final class GoJson {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] out = new byte[512];
    private int size;

    private GoJson() {}

    /** The tree as UTF-8 JSON bytes. */
    static byte[] write(JsonNode node) {
        GoJson w = new GoJson();
        w.value(node);
        return Arrays.copyOf(w.out, w.size);
    }

    private void value(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                put('{');
                boolean first = true;
                for (Map.Entry<String, JsonNode> member : node.properties()) {
                    if (!first) {
                        put(',');
                    }
                    first = false;
                    string(member.getKey());
                    put(':');
                    value(member.getValue());
                }
                put('}');
            }
            case ARRAY -> {
                put('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        put(',');
                    }
                    value(node.get(i));
                }
                put(']');
            }
            case STRING -> string(node.asString());
            case NUMBER -> {
                if (!node.isIntegralNumber()) {
                    throw new IllegalArgumentException("GoJson writes integers only, not " + node);
                }
                ascii(node.bigIntegerValue().toString());
            }
            case BOOLEAN -> ascii(node.booleanValue() ? "true" : "false");
            case NULL -> ascii("null");
            default -> throw new IllegalArgumentException("GoJson cannot write a " + node.getNodeType() + " node");
        }
    }

    private void string(String s) {
        put('"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '"', '\\' -> {
                        put('\\');
                        put(c);
                    }
                    case '\n' -> escape('n');
                    case '\r' -> escape('r');
                    case '\t' -> escape('t');
                    default -> {
                        if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                            unicodeEscape(c);
                        } else {
                            put(c);
                        }
                    }
                }
            } else if (c == '\u2028' || c == '\u2029') {
                unicodeEscape(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                utf8(Character.toCodePoint(c, s.charAt(++i)));
            } else if (Character.isSurrogate(c)) {
                unicodeEscape('\ufffd'); // Go replaces each invalid UTF-8 byte; a lone surrogate is one invalid code point
            } else {
                utf8(c);
            }
        }
        put('"');
    }

    private void escape(char c) {
        put('\\');
        put(c);
    }

    private void unicodeEscape(char c) {
        put('\\');
        put('u');
        put(HEX[c >> 12 & 0xF]);
        put(HEX[c >> 8 & 0xF]);
        put(HEX[c >> 4 & 0xF]);
        put(HEX[c & 0xF]);
    }

    private void utf8(int cp) {
        if (cp < 0x800) {
            put(0xC0 | cp >> 6);
            put(0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            put(0xE0 | cp >> 12);
            put(0x80 | cp >> 6 & 0x3F);
            put(0x80 | cp & 0x3F);
        } else {
            put(0xF0 | cp >> 18);
            put(0x80 | cp >> 12 & 0x3F);
            put(0x80 | cp >> 6 & 0x3F);
            put(0x80 | cp & 0x3F);
        }
    }

    private void ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            put(s.charAt(i));
        }
    }

    private void put(int b) {
        if (size == out.length) {
            out = Arrays.copyOf(out, size * 2);
        }
        out[size++] = (byte) b;
    }
}
