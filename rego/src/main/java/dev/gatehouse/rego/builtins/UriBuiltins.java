package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * {@code uri.parse} and {@code uri.is_valid} with the rules of Go's {@code net/url.Parse}, which OPA uses:
 * scheme, authority (userinfo validated, host escapes restricted, numeric port), path with its raw form,
 * query and fragment, and Go's error texts ({@code parse "x": invalid URL escape "%6d"}). Stateless.
 */
final class UriBuiltins implements BuiltinFamily {

    @Override
    public List<Builtin> builtins() {
        return List.of(
                Builtin.of(BuiltinDecl.builder("uri.parse").category("uri").arg("uri", Types.STRING)
                        .result(Types.objectOf(Types.STRING, Types.STRING)).build(),
                        (ctx, a) -> parse(Operands.string(a[0], 1)).toValue()),
                Builtin.of(BuiltinDecl.builder("uri.is_valid").category("uri").arg("uri", Types.STRING)
                        .result(Types.BOOLEAN).build(), (ctx, a) -> {
                            if (!(a[0] instanceof StringValue s) || s.value().isEmpty()) {
                                return BooleanValue.FALSE;
                            }
                            try {
                                parse(s.value());
                                return BooleanValue.TRUE;
                            } catch (BuiltinException e) {
                                return BooleanValue.FALSE;
                            }
                        }));
    }

    /** The parts OPA reports; empty parts are left out of the object. */
    record Url(String scheme, String hostname, String port, String path, String rawPath, String rawQuery,
            String fragment) {
        Value toValue() {
            ObjectValue.Builder b = ObjectValue.builder();
            put(b, "scheme", scheme);
            put(b, "hostname", hostname);
            put(b, "port", port);
            put(b, "path", path);
            put(b, "raw_path", rawPath);
            put(b, "raw_query", rawQuery);
            put(b, "fragment", fragment);
            return b.build();
        }

        private static void put(ObjectValue.Builder b, String k, String v) {
            if (v != null && !v.isEmpty()) {
                b.put(k, StringValue.of(v));
            }
        }
    }

    private enum Mode { PATH, HOST, FRAGMENT, USERINFO }

    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    static Url parse(String raw) {
        try {
            return doParse(raw);
        } catch (Failure f) {
            throw BuiltinException.builtinError("parse " + GoFormat.quote(raw) + ": " + f.getMessage());
        }
    }

    private static Url doParse(String raw) {
        String rest = raw;
        String fragment = "";
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            fragment = unescape(rest.substring(hash + 1), Mode.FRAGMENT);
            rest = rest.substring(0, hash);
        }
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new Failure("net/url: invalid control character in URL");
            }
        }
        if (rest.isEmpty()) {
            return new Url("", "", "", "", "", "", fragment);
        }
        String scheme = "";
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (Character.isLetter(c) && c < 0x80) {
                continue;
            }
            if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
                if (i == 0) {
                    break;
                }
                continue;
            }
            if (c == ':') {
                if (i == 0) {
                    throw new Failure("missing protocol scheme");
                }
                scheme = rest.substring(0, i).toLowerCase(Locale.ROOT);
                rest = rest.substring(i + 1);
            }
            break;
        }
        String rawQuery = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            rawQuery = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        if (!rest.startsWith("/")) {
            if (!scheme.isEmpty()) {
                // opaque, e.g. mailto:user@example.com
                return new Url(scheme, "", "", "", "", rawQuery, fragment);
            }
            int colon = rest.indexOf(':');
            int slash = rest.indexOf('/');
            if (colon >= 0 && (slash < 0 || colon < slash)) {
                throw new Failure("first path segment in URL cannot contain colon");
            }
        }
        String hostname = "";
        String port = "";
        if (rest.startsWith("//") && (!scheme.isEmpty() || !rest.startsWith("///"))) {
            String authority = rest.substring(2);
            int slash = authority.indexOf('/');
            rest = slash < 0 ? "" : authority.substring(slash);
            authority = slash < 0 ? authority : authority.substring(0, slash);
            int at = authority.lastIndexOf('@');
            String host = authority;
            if (at >= 0) {
                if (!validUserinfo(authority.substring(0, at))) {
                    throw new Failure("net/url: invalid userinfo");
                }
                host = authority.substring(at + 1);
            }
            String[] hp = parseHost(host);
            hostname = hp[0];
            port = hp[1];
        }
        String path = unescape(rest, Mode.PATH);
        String rawPath = escapePath(path).equals(rest) ? path : rest;
        return new Url(scheme, hostname, port, path, rawPath, rawQuery, fragment);
    }

    /** Host and port of an authority (brackets stripped from IPv6 literals). */
    private static String[] parseHost(String host) {
        if (host.startsWith("[")) {
            int close = host.lastIndexOf(']');
            if (close < 0) {
                throw new Failure("missing ']' in host");
            }
            String colonPort = host.substring(close + 1);
            if (!validOptionalPort(colonPort)) {
                throw new Failure("invalid port " + GoFormat.quote(colonPort) + " after host");
            }
            String literal = unescape(host.substring(1, close), Mode.HOST);
            return new String[] {literal, colonPort.isEmpty() ? "" : colonPort.substring(1)};
        }
        int colon = host.lastIndexOf(':');
        String port = "";
        String name = host;
        if (colon >= 0) {
            String colonPort = host.substring(colon);
            if (!validOptionalPort(colonPort)) {
                throw new Failure("invalid port " + GoFormat.quote(colonPort) + " after host");
            }
            port = colonPort.substring(1);
            name = host.substring(0, colon);
        }
        return new String[] {unescape(name, Mode.HOST), port};
    }

    private static boolean validOptionalPort(String port) {
        if (port.isEmpty()) {
            return true;
        }
        if (port.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < port.length(); i++) {
            char c = port.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean validUserinfo(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                continue;
            }
            if ("-._:~!$&'()*+,;=%@".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Go's shouldEscape for the modes used here. */
    private static boolean shouldEscape(int c, Mode mode) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return false;
        }
        if (mode == Mode.HOST) {
            switch (c) {
                case '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=', ':', '[', ']', '<', '>', '"' -> {
                    return false;
                }
                default -> { }
            }
        }
        switch (c) {
            case '-', '_', '.', '~' -> {
                return false;
            }
            case '$', '&', '+', ',', '/', ':', ';', '=', '?', '@' -> {
                return switch (mode) {
                    case PATH -> c == '?';
                    case USERINFO -> c == '@' || c == '/' || c == '?' || c == ':';
                    case FRAGMENT -> false;
                    case HOST -> true;
                };
            }
            default -> { }
        }
        if (mode == Mode.FRAGMENT) {
            switch (c) {
                case '!', '(', ')', '*' -> {
                    return false;
                }
                default -> { }
            }
        }
        return true;
    }

    /** Go's url unescape: %XX sequences; hosts may only escape non-ASCII bytes (or %25). */
    private static String unescape(String s, Mode mode) {
        byte[] src = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(src.length);
        for (int i = 0; i < src.length; i++) {
            int c = src[i] & 0xff;
            if (c == '%') {
                if (i + 2 >= src.length || Character.digit(src[i + 1], 16) < 0 || Character.digit(src[i + 2], 16) < 0) {
                    String bad = new String(src, i, Math.min(3, src.length - i), StandardCharsets.UTF_8);
                    throw new Failure("invalid URL escape " + GoFormat.quote(bad));
                }
                if (mode == Mode.HOST && Character.digit(src[i + 1], 16) < 8
                        && !(src[i + 1] == '2' && src[i + 2] == '5')) {
                    throw new Failure("invalid URL escape " + GoFormat.quote(new String(src, i, 3, StandardCharsets.UTF_8)));
                }
                out.write((Character.digit(src[i + 1], 16) << 4) | Character.digit(src[i + 2], 16));
                i += 2;
            } else {
                if (mode == Mode.HOST && c < 0x80 && shouldEscape(c, mode)) {
                    throw new Failure("invalid character " + GoFormat.quote(String.valueOf((char) c)) + " in host name");
                }
                out.write(c);
            }
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    /** Go's escape in path mode. */
    private static String escapePath(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (shouldEscape(c, Mode.PATH)) {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
