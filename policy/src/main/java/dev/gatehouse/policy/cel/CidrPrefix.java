package dev.gatehouse.policy.cel;

/**
 * An IP prefix in CIDR notation; host bits are kept as written ({@code 192.168.0.1/24}), as Go's
 * {@code netip.Prefix} keeps them. Equality compares address and length. Immutable and thread-safe.
 */
record CidrPrefix(IpAddress address, int bits) {

  /** Parses like netip.ParsePrefix; the exception message is Go's error text. */
  static CidrPrefix parse(String s) {
    int slash = s.lastIndexOf('/');
    if (slash < 0) {
      throw error(s, "no '/'");
    }
    IpAddress ip;
    try {
      ip = IpAddress.parse(s.substring(0, slash));
    } catch (IllegalArgumentException e) {
      throw error(s, e.getMessage());
    }
    if (ip.is6() && !ip.zone().isEmpty()) {
      throw error(s, "IPv6 zones cannot be present in a prefix");
    }
    String bitsText = s.substring(slash + 1);
    if (bitsText.length() > 1 && (bitsText.charAt(0) < '1' || bitsText.charAt(0) > '9')) {
      throw error(s, "bad bits after slash: " + GoStrings.quote(bitsText));
    }
    int bits;
    try {
      if (bitsText.isEmpty() || !bitsText.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new NumberFormatException();
      }
      bits = bitsText.length() > 4 ? Integer.MAX_VALUE : Integer.parseInt(bitsText);
    } catch (NumberFormatException e) {
      throw error(s, "bad bits after slash: " + GoStrings.quote(bitsText));
    }
    if (bits > ip.bitLength()) {
      throw error(s, "prefix length out of range");
    }
    return new CidrPrefix(ip, bits);
  }

  private static IllegalArgumentException error(String in, String msg) {
    return new IllegalArgumentException("netip.ParsePrefix(" + GoStrings.quote(in) + "): " + msg);
  }

  CidrPrefix masked() {
    return new CidrPrefix(address.masked(bits), bits);
  }

  boolean containsIp(IpAddress ip) {
    if (ip.is4() != address.is4() || !ip.zone().isEmpty()) {
      return false;
    }
    return ip.masked(bits).equals(address.masked(bits));
  }

  boolean containsPrefix(CidrPrefix other) {
    return other.address.is4() == address.is4() && bits <= other.bits
        && other.address.masked(bits).equals(address.masked(bits));
  }

  @Override
  public String toString() {
    return address + "/" + bits;
  }
}
