package dev.gatehouse.policy.cel;

import java.util.ArrayList;
import java.util.List;

/**
 * A semantic version (semver 2.0.0), parsed and ordered like blang/semver v4, which Kubernetes' semver library
 * uses: strict {@code MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]}, no leading zeros, build metadata ignored when
 * comparing. Immutable and thread-safe.
 */
record SemanticVersion(long major, long minor, long patch, List<Object> pre, List<String> build)
    implements Comparable<SemanticVersion> {

  private static final String NUMBERS = "0123456789";
  private static final String ALPHANUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-";

  SemanticVersion {
    pre = List.copyOf(pre);
    build = List.copyOf(build);
  }

  /** Parses strictly; the exception message is blang/semver's error text. */
  static SemanticVersion parse(String s) {
    if (s.isEmpty()) {
      throw new IllegalArgumentException("Version string empty");
    }
    String[] parts = s.split("\\.", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException("No Major.Minor.Patch elements found");
    }
    long major = number(parts[0], "major number", "Major number");
    long minor = number(parts[1], "minor number", "Minor number");
    String patchText = parts[2];
    List<String> build = new ArrayList<>();
    List<String> preText = new ArrayList<>();
    int plus = patchText.indexOf('+');
    if (plus >= 0) {
      build.addAll(List.of(patchText.substring(plus + 1).split("\\.", -1)));
      patchText = patchText.substring(0, plus);
    }
    int dash = patchText.indexOf('-');
    if (dash >= 0) {
      preText.addAll(List.of(patchText.substring(dash + 1).split("\\.", -1)));
      patchText = patchText.substring(0, dash);
    }
    long patch = number(patchText, "patch number", "Patch number");
    List<Object> pre = new ArrayList<>();
    for (String p : preText) {
      if (p.isEmpty()) {
        throw new IllegalArgumentException("Prerelease is empty");
      }
      if (containsOnly(p, NUMBERS)) {
        if (p.length() > 1 && p.charAt(0) == '0') {
          throw new IllegalArgumentException(
              "Numeric PreRelease version must not contain leading zeroes " + GoStrings.quote(p));
        }
        pre.add(parseUint(p));
      } else if (containsOnly(p, ALPHANUM)) {
        pre.add(p);
      } else {
        throw new IllegalArgumentException("Invalid character(s) found in prerelease " + GoStrings.quote(p));
      }
    }
    for (String b : build) {
      if (b.isEmpty()) {
        throw new IllegalArgumentException("Build meta data is empty");
      }
      if (!containsOnly(b, ALPHANUM)) {
        throw new IllegalArgumentException("Invalid character(s) found in build meta data " + GoStrings.quote(b));
      }
    }
    return new SemanticVersion(major, minor, patch, pre, build);
  }

  /**
   * The tolerant form of Kubernetes' {@code semver(s, true)}: strips one leading {@code v}, strips leading zeros,
   * pads {@code 1} and {@code 1.2} with zeros.
   */
  static SemanticVersion parseNormalized(String s) {
    String t = s.startsWith("v") ? s.substring(1) : s;
    String[] parts = t.split("\\.", 3);
    List<String> list = new ArrayList<>(List.of(parts));
    for (int i = 0; i < list.size(); i++) {
      String p = list.get(i);
      if (p.length() > 1) {
        p = p.replaceFirst("^0+", "");
        if (p.isEmpty() || NUMBERS.indexOf(p.charAt(0)) < 0) {
          p = "0" + p;
        }
        list.set(i, p);
      }
    }
    if (list.size() < 3) {
      String last = list.get(list.size() - 1);
      if (last.contains("+") || last.contains("-")) {
        throw new IllegalArgumentException("short version cannot contain PreRelease/Build meta data");
      }
      while (list.size() < 3) {
        list.add("0");
      }
    }
    return parse(String.join(".", list));
  }

  private static long number(String text, String lower, String capitalised) {
    if (!containsOnly(text, NUMBERS)) {
      throw new IllegalArgumentException("Invalid character(s) found in " + lower + " " + GoStrings.quote(text));
    }
    if (text.length() > 1 && text.charAt(0) == '0') {
      throw new IllegalArgumentException(capitalised + " must not contain leading zeroes " + GoStrings.quote(text));
    }
    return parseUint(text);
  }

  /** strconv.ParseUint(s, 10, 64), with Go's messages; values above int64 wrap as Go's int64(uint64) does. */
  private static long parseUint(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("strconv.ParseUint: parsing " + GoStrings.quote(text) + ": invalid syntax");
    }
    try {
      return Long.parseUnsignedLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "strconv.ParseUint: parsing " + GoStrings.quote(text) + ": value out of range");
    }
  }

  private static boolean containsOnly(String s, String allowed) {
    for (int i = 0; i < s.length(); i++) {
      if (allowed.indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int compareTo(SemanticVersion o) {
    int c = Long.compareUnsigned(major, o.major);
    if (c == 0) {
      c = Long.compareUnsigned(minor, o.minor);
    }
    if (c == 0) {
      c = Long.compareUnsigned(patch, o.patch);
    }
    if (c != 0) {
      return Integer.signum(c);
    }
    if (pre.isEmpty() && o.pre.isEmpty()) {
      return 0;
    }
    if (pre.isEmpty()) {
      return 1;
    }
    if (o.pre.isEmpty()) {
      return -1;
    }
    int i = 0;
    for (; i < pre.size() && i < o.pre.size(); i++) {
      int d = comparePre(pre.get(i), o.pre.get(i));
      if (d != 0) {
        return d;
      }
    }
    if (i == pre.size() && i == o.pre.size()) {
      return 0;
    }
    return i == pre.size() ? -1 : 1;
  }

  private static int comparePre(Object a, Object b) {
    if (a instanceof Long x && b instanceof Long y) {
      return Integer.signum(Long.compareUnsigned(x, y));
    }
    if (a instanceof Long) {
      return -1;
    }
    if (b instanceof Long) {
      return 1;
    }
    return Integer.signum(((String) a).compareTo((String) b));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SemanticVersion v && compareTo(v) == 0;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(major, minor, patch, pre);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder().append(Long.toUnsignedString(major)).append('.')
        .append(Long.toUnsignedString(minor)).append('.').append(Long.toUnsignedString(patch));
    if (!pre.isEmpty()) {
      b.append('-');
      for (int i = 0; i < pre.size(); i++) {
        b.append(i > 0 ? "." : "").append(pre.get(i) instanceof Long l ? Long.toUnsignedString(l) : pre.get(i));
      }
    }
    if (!build.isEmpty()) {
      b.append('+').append(String.join(".", build));
    }
    return b.toString();
  }
}
