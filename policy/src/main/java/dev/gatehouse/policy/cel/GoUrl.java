package dev.gatehouse.policy.cel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A URL parsed the way Go's {@code net/url} parses it, for the Kubernetes URL library: {@link #parseRequestUri}
 * follows {@code url.ParseRequestURI} (absolute URI or absolute path, no fragment handling), {@link #parse} follows
 * {@code url.Parse} (fragment split off). Error messages are Go's, e.g.
 * {@code parse "example.com": invalid URI for request}.
 *
 * <p>Immutable and thread-safe.
 */
final class GoUrl {
  private final String scheme;
  private final String opaque;
  private final String host;
  private final String path;
  private final String rawPath;
  private final String rawQuery;

  private GoUrl(String scheme, String opaque, String host, String path, String rawPath, String rawQuery) {
    this.scheme = scheme;
    this.opaque = opaque;
    this.host = host;
    this.path = path;
    this.rawPath = rawPath;
    this.rawQuery = rawQuery;
  }

  /** url.ParseRequestURI. */
  static GoUrl parseRequestUri(String raw) {
    try {
      return parse(raw, true);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("parse " + GoStrings.quote(raw) + ": " + e.getMessage());
    }
  }

  /** url.Parse: splits off the fragment, then parses leniently. */
  static GoUrl parse(String raw) {
    int hash = raw.indexOf('#');
    String u = hash >= 0 ? raw.substring(0, hash) : raw;
    try {
      return parse(u, false);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("parse " + GoStrings.quote(u) + ": " + e.getMessage());
    }
  }

  private static GoUrl parse(String raw, boolean viaRequest) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException("net/url: invalid control character in URL");
      }
    }
    if (raw.isEmpty() && viaRequest) {
      throw new IllegalArgumentException("empty url");
    }
    if (raw.equals("*")) {
      return new GoUrl("", "", "", "*", "", "");
    }
    String scheme = "";
    String rest = raw;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
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
          throw new IllegalArgumentException("missing protocol scheme");
        }
        scheme = raw.substring(0, i).toLowerCase(java.util.Locale.ROOT);
        rest = raw.substring(i + 1);
      }
      break;
    }
    String rawQuery = "";
    if (rest.endsWith("?") && rest.indexOf('?') == rest.length() - 1) {
      rest = rest.substring(0, rest.length() - 1);
    } else {
      int q = rest.indexOf('?');
      if (q >= 0) {
        rawQuery = rest.substring(q + 1);
        rest = rest.substring(0, q);
      }
    }
    if (!rest.startsWith("/")) {
      if (!scheme.isEmpty()) {
        return new GoUrl(scheme, rest, "", "", "", rawQuery);
      }
      if (viaRequest) {
        throw new IllegalArgumentException("invalid URI for request");
      }
      int colon = rest.indexOf(':');
      int slash = rest.indexOf('/');
      if (colon >= 0 && (slash < 0 || colon < slash)) {
        throw new IllegalArgumentException("first path segment in URL cannot contain colon");
      }
    }
    String host = "";
    if ((!scheme.isEmpty() || !viaRequest && !rest.startsWith("///")) && rest.startsWith("//")) {
      String authority = rest.substring(2);
      rest = "";
      int slash = authority.indexOf('/');
      if (slash >= 0) {
        rest = authority.substring(slash);
        authority = authority.substring(0, slash);
      }
      host = parseAuthority(authority);
    }
    String path = unescape(rest, Mode.PATH);
    String rawPath = validEncoded(rest) && !escapePath(path).equals(rest) ? rest : "";
    return new GoUrl(scheme, "", host, path, rawPath, rawQuery);
  }

  private static String parseAuthority(String authority) {
    int at = authority.lastIndexOf('@');
    String host = parseHost(at < 0 ? authority : authority.substring(at + 1));
    if (at >= 0) {
      String userinfo = authority.substring(0, at);
      for (int i = 0; i < userinfo.length(); i++) {
        char c = userinfo.charAt(i);
        if (!(Character.isLetterOrDigit(c) && c < 0x80) && "-._:~!$&'()*+,;=%@".indexOf(c) < 0) {
          throw new IllegalArgumentException("net/url: invalid userinfo");
        }
      }
    }
    return host;
  }

  private static String parseHost(String host) {
    if (host.startsWith("[")) {
      int close = host.lastIndexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("missing ']' in host");
      }
      String colonPort = host.substring(close + 1);
      if (!validOptionalPort(colonPort)) {
        throw new IllegalArgumentException("invalid port " + GoStrings.quote(colonPort) + " after host");
      }
    } else {
      int colon = host.lastIndexOf(':');
      if (colon >= 0) {
        String colonPort = host.substring(colon);
        if (!validOptionalPort(colonPort)) {
          throw new IllegalArgumentException("invalid port " + GoStrings.quote(colonPort) + " after host");
        }
      }
    }
    return unescape(host, Mode.HOST);
  }

  private static boolean validOptionalPort(String port) {
    if (port.isEmpty()) {
      return true;
    }
    if (port.charAt(0) != ':') {
      return false;
    }
    for (int i = 1; i < port.length(); i++) {
      if (port.charAt(i) < '0' || port.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private enum Mode { PATH, HOST, QUERY_COMPONENT }

  private static String unescape(String s, Mode mode) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int c = bytes[i] & 0xff;
      if (c == '%') {
        if (i + 2 >= bytes.length || hex(bytes[i + 1]) < 0 || hex(bytes[i + 2]) < 0) {
          String bad = new String(bytes, i, Math.min(3, bytes.length - i), StandardCharsets.UTF_8);
          throw new IllegalArgumentException("invalid URL escape " + GoStrings.quote(bad));
        }
        out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
        i += 2;
      } else if (c == '+' && mode == Mode.QUERY_COMPONENT) {
        out.write(' ');
      } else {
        if (mode == Mode.HOST && c < 0x80 && shouldEscapeInHost(c)) {
          throw new IllegalArgumentException("invalid character " + GoStrings.quote(String.valueOf((char) c))
              + " in host name");
        }
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(byte b) {
    char c = (char) (b & 0xff);
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '_' || c == '.' || c == '~';
  }

  private static boolean shouldEscapeInHost(int c) {
    return !isUnreserved(c) && "!$&'()*+,;=:[]<>\"".indexOf(c) < 0;
  }

  private static boolean shouldEscapeInPath(int c) {
    return !isUnreserved(c) && "$&+,/:;=@".indexOf(c) < 0;
  }

  /** Go's validEncoded(s, encodePath): only characters a path may hold unescaped, or escapes. */
  private static boolean validEncoded(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ("!$&'()*+,;=:@[]".indexOf(c) >= 0 || c == '%') {
        continue;
      }
      if (c >= 0x80 || shouldEscapeInPath(c)) {
        return false;
      }
    }
    return true;
  }

  private static String escapePath(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c < 0x80 && !shouldEscapeInPath(c)) {
        out.append((char) c);
      } else {
        out.append('%').append("0123456789ABCDEF".charAt(c >> 4)).append("0123456789ABCDEF".charAt(c & 15));
      }
    }
    return out.toString();
  }

  String scheme() {
    return scheme;
  }

  String host() {
    return host;
  }

  /** URL.Hostname(): the host without port and without IPv6 brackets. */
  String hostname() {
    return splitHostPort()[0];
  }

  /** URL.Port(): the digits after the last colon, or ''. */
  String port() {
    return splitHostPort()[1];
  }

  private String[] splitHostPort() {
    String h = host;
    String port = "";
    int colon = h.lastIndexOf(':');
    if (colon >= 0 && validOptionalPort(h.substring(colon))) {
      port = h.substring(colon + 1);
      h = h.substring(0, colon);
    }
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return new String[] {h, port};
  }

  /** URL.EscapedPath(). */
  String escapedPath() {
    if (!rawPath.isEmpty() && validEncoded(rawPath) && unescapeOrNull(rawPath).equals(path)) {
      return rawPath;
    }
    if (path.equals("*")) {
      return "*";
    }
    return escapePath(path);
  }

  private static String unescapeOrNull(String s) {
    try {
      return unescape(s, Mode.PATH);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  String opaque() {
    return opaque;
  }

  /** URL.Query(): url.ParseQuery of the raw query, skipping malformed pairs. */
  Map<String, List<String>> query() {
    Map<String, List<String>> result = new LinkedHashMap<>();
    String q = rawQuery;
    while (!q.isEmpty()) {
      int amp = q.indexOf('&');
      String pair = amp >= 0 ? q.substring(0, amp) : q;
      q = amp >= 0 ? q.substring(amp + 1) : "";
      if (pair.isEmpty() || pair.indexOf(';') >= 0) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq >= 0 ? pair.substring(0, eq) : pair;
      String value = eq >= 0 ? pair.substring(eq + 1) : "";
      try {
        key = unescape(key, Mode.QUERY_COMPONENT);
        value = unescape(value, Mode.QUERY_COMPONENT);
      } catch (IllegalArgumentException e) {
        continue;
      }
      result.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return result;
  }
}
