package dev.gatehouse.policy.cel;

import java.util.Arrays;

/**
 * An IPv4 or IPv6 address, parsed like Go's {@code netip.ParseAddr} (dotted decimal without leading zeros, RFC 4291
 * IPv6 text with an optional trailing dotted IPv4, optional zone) and printed in canonical form (RFC 5952 for IPv6).
 *
 * <p>Immutable and thread-safe. The zone is kept only so the Kubernetes libraries can reject it.
 */
final class IpAddress {
  private final byte[] bytes;
  private final String zone;

  private IpAddress(byte[] bytes, String zone) {
    this.bytes = bytes;
    this.zone = zone;
  }

  boolean is4() {
    return bytes.length == 4;
  }

  boolean is6() {
    return bytes.length == 16;
  }

  String zone() {
    return zone;
  }

  byte[] bytes() {
    return bytes.clone();
  }

  int bitLength() {
    return bytes.length * 8;
  }

  /** True for ::ffff:a.b.c.d. */
  boolean is4In6() {
    if (!is6()) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
  }

  boolean isUnspecified() {
    for (byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  boolean isLoopback() {
    if (is4()) {
      return (bytes[0] & 0xff) == 127;
    }
    for (int i = 0; i < 15; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[15] == 1;
  }

  boolean isMulticast() {
    return is4() ? (bytes[0] & 0xf0) == 0xe0 : (bytes[0] & 0xff) == 0xff;
  }

  boolean isLinkLocalMulticast() {
    if (is4()) {
      return (bytes[0] & 0xff) == 224 && bytes[1] == 0 && bytes[2] == 0;
    }
    return (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0x02;
  }

  boolean isLinkLocalUnicast() {
    if (is4()) {
      return (bytes[0] & 0xff) == 169 && (bytes[1] & 0xff) == 254;
    }
    return (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xc0) == 0x80;
  }

  boolean isGlobalUnicast() {
    if (is4() && (isUnspecified() || Arrays.equals(bytes, new byte[] {-1, -1, -1, -1}))) {
      return false;
    }
    return !isUnspecified() && !isLoopback() && !isMulticast() && !isLinkLocalUnicast();
  }

  /** This address with the bits after the first {@code bits} cleared (and no zone). */
  IpAddress masked(int bits) {
    byte[] b = bytes.clone();
    for (int i = 0; i < b.length; i++) {
      int keep = Math.max(0, Math.min(8, bits - i * 8));
      b[i] = (byte) (b[i] & (0xff << (8 - keep)));
    }
    return new IpAddress(b, "");
  }

  /** Parses like netip.ParseAddr; the message of the exception is Go's error text. */
  static IpAddress parse(String s) throws IllegalArgumentException {
    for (int i = 0; i < s.length(); i++) {
      switch (s.charAt(i)) {
        case '.':
          return new IpAddress(parse4(s, 0, s.length()), "");
        case ':':
          return parse6(s);
        case '%':
          throw error(s, "missing IPv6 address", null);
        default:
          break;
      }
    }
    throw error(s, "unable to parse IP", null);
  }

  private static IllegalArgumentException error(String in, String msg, String at) {
    String text = "ParseAddr(" + GoStrings.quote(in) + "): " + msg;
    if (at != null && !at.isEmpty()) {
      text += " (at " + GoStrings.quote(at) + ")";
    }
    return new IllegalArgumentException(text);
  }

  private static byte[] parse4(String in, int off, int end) {
    byte[] fields = new byte[4];
    int val = 0;
    int pos = 0;
    int digits = 0;
    String s = in.substring(off, end);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        if (digits == 1 && val == 0) {
          throw error(in, "IPv4 field has octet with leading zero", null);
        }
        val = val * 10 + (c - '0');
        digits++;
        if (val > 255) {
          throw error(in, "IPv4 field has value >255", null);
        }
      } else if (c == '.') {
        if (i == 0 || i == s.length() - 1 || s.charAt(i - 1) == '.') {
          throw error(in, "IPv4 field must have at least one digit", s.substring(i));
        }
        if (pos == 3) {
          throw error(in, "IPv4 address too long", null);
        }
        fields[pos++] = (byte) val;
        val = 0;
        digits = 0;
      } else {
        throw error(in, "unexpected character", s.substring(i));
      }
    }
    if (pos < 3) {
      throw error(in, "IPv4 address too short", null);
    }
    fields[3] = (byte) val;
    return fields;
  }

  private static IpAddress parse6(String in) {
    String s = in;
    String zone = "";
    int percent = s.indexOf('%');
    if (percent >= 0) {
      zone = s.substring(percent + 1);
      s = s.substring(0, percent);
      if (zone.isEmpty()) {
        throw error(in, "zone must be a non-empty string", null);
      }
    }
    byte[] ip = new byte[16];
    int ellipsis = -1;
    if (s.length() >= 2 && s.charAt(0) == ':' && s.charAt(1) == ':') {
      ellipsis = 0;
      s = s.substring(2);
      if (s.isEmpty()) {
        return new IpAddress(ip, zone);
      }
    }
    int i = 0;
    while (i < 16) {
      int off = 0;
      int acc = 0;
      for (; off < s.length(); off++) {
        char c = s.charAt(off);
        int digit = Character.digit(c, 16);
        if (digit < 0 || c > 'f') {
          break;
        }
        acc = (acc << 4) + digit;
        if (off > 3) {
          throw error(in, "each colon-separated field must have at most 4 hex digits", s);
        }
        if (acc > 0xffff) {
          throw error(in, "IPv6 field has value >=2^16", s);
        }
      }
      if (off == 0) {
        throw error(in, "each colon-separated field must have at least one digit", s);
      }
      if (off < s.length() && s.charAt(off) == '.') {
        if (ellipsis < 0 && i != 12) {
          throw error(in, "embedded IPv4 address must replace the final 2 fields of the address", s);
        }
        if (i + 4 > 16) {
          throw error(in, "too many hex fields to fit an embedded IPv4 at the end of the address", s);
        }
        int end = in.length() - (zone.isEmpty() ? 0 : zone.length() + 1);
        byte[] v4 = parse4(in, end - s.length(), end);
        System.arraycopy(v4, 0, ip, i, 4);
        s = "";
        i += 4;
        break;
      }
      ip[i] = (byte) (acc >> 8);
      ip[i + 1] = (byte) acc;
      i += 2;
      s = s.substring(off);
      if (s.isEmpty()) {
        break;
      }
      if (s.charAt(0) != ':') {
        throw error(in, "unexpected character, want colon", s);
      } else if (s.length() == 1) {
        throw error(in, "colon must be followed by more characters", s);
      }
      s = s.substring(1);
      if (s.charAt(0) == ':') {
        if (ellipsis >= 0) {
          throw error(in, "multiple :: in address", s);
        }
        ellipsis = i;
        s = s.substring(1);
        if (s.isEmpty()) {
          break;
        }
      }
    }
    if (!s.isEmpty()) {
      throw error(in, "trailing garbage after address", s);
    }
    if (i < 16) {
      if (ellipsis < 0) {
        throw error(in, "address string too short", null);
      }
      int n = 16 - i;
      for (int j = i - 1; j >= ellipsis; j--) {
        ip[j + n] = ip[j];
      }
      Arrays.fill(ip, ellipsis, ellipsis + n, (byte) 0);
    } else if (ellipsis >= 0) {
      throw error(in, "the :: must expand to at least one field of zeros", null);
    }
    return new IpAddress(ip, zone);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpAddress a && Arrays.equals(bytes, a.bytes) && zone.equals(a.zone);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes) * 31 + zone.hashCode();
  }

  /** Canonical text: dotted decimal, or RFC 5952 IPv6 (lower case, longest zero run of two or more as ::). */
  @Override
  public String toString() {
    if (is4()) {
      return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
    }
    StringBuilder out = new StringBuilder();
    if (is4In6()) {
      out.append("::ffff:").append(bytes[12] & 0xff).append('.').append(bytes[13] & 0xff).append('.')
          .append(bytes[14] & 0xff).append('.').append(bytes[15] & 0xff);
    } else {
      int bestStart = -1;
      int bestLength = 0;
      for (int g = 0; g < 8; ) {
        if (group(g) == 0) {
          int start = g;
          while (g < 8 && group(g) == 0) {
            g++;
          }
          if (g - start > bestLength && g - start >= 2) {
            bestStart = start;
            bestLength = g - start;
          }
        } else {
          g++;
        }
      }
      for (int g = 0; g < 8; g++) {
        if (g == bestStart) {
          out.append("::");
          g += bestLength - 1;
          continue;
        }
        if (g > 0 && out.length() > 0 && out.charAt(out.length() - 1) != ':') {
          out.append(':');
        }
        out.append(Integer.toHexString(group(g)));
      }
    }
    if (!zone.isEmpty()) {
      out.append('%').append(zone);
    }
    return out.toString();
  }

  private int group(int g) {
    return ((bytes[2 * g] & 0xff) << 8) | (bytes[2 * g + 1] & 0xff);
  }
}
