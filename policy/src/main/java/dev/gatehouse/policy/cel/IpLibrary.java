package dev.gatehouse.policy.cel;

import dev.cel.common.types.CelType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import java.util.List;

/**
 * Kubernetes' IP library ({@code kubernetes.net.ip}): {@code ip(s)}, {@code isIP(s)}, {@code ip.isCanonical(s)},
 * {@code string(ip)}, and on an IP {@code family()}, {@code isUnspecified()}, {@code isLoopback()},
 * {@code isLinkLocalMulticast()}, {@code isLinkLocalUnicast()}, {@code isGlobalUnicast()}.
 *
 * <p>Addresses with a zone and IPv4-mapped IPv6 addresses are rejected. Errors read as in Kubernetes, e.g.
 * {@code IP Address "x" parse error during conversion from string: ParseAddr("x"): unable to parse IP}.
 */
final class IpLibrary implements KubernetesCelLibrary {
  /** The CEL type of IP addresses. */
  static final CelType IP = OpaqueType.create("net.IP");

  // Declared after the static types the overloads use: class initialisation runs in textual order.
  static final IpLibrary INSTANCE = new IpLibrary();

  private final List<LibraryOverload> overloads = List.of(
      LibraryOverload.global("ip", "string_to_ip", IP, SimpleType.STRING, String.class, IpLibrary::parseOrFail),
      LibraryOverload.global("isIP", "is_ip", SimpleType.BOOL, SimpleType.STRING, String.class,
          s -> parse(s) instanceof IpAddress),
      LibraryOverload.global("ip.isCanonical", "ip_is_canonical", SimpleType.BOOL, SimpleType.STRING,
          String.class, s -> parseOrFail(s).toString().equals(s)),
      LibraryOverload.global("string", "ip_to_string", SimpleType.STRING, IP, IpAddress.class,
          IpAddress::toString),
      LibraryOverload.member("family", "ip_family", SimpleType.INT, IP, IpAddress.class,
          ip -> ip.is4() ? 4L : 6L),
      LibraryOverload.member("isUnspecified", "ip_is_unspecified", SimpleType.BOOL, IP, IpAddress.class,
          IpAddress::isUnspecified),
      LibraryOverload.member("isLoopback", "ip_is_loopback", SimpleType.BOOL, IP, IpAddress.class,
          IpAddress::isLoopback),
      LibraryOverload.member("isLinkLocalMulticast", "ip_is_link_local_multicast", SimpleType.BOOL, IP,
          IpAddress.class, IpAddress::isLinkLocalMulticast),
      LibraryOverload.member("isLinkLocalUnicast", "ip_is_link_local_unicast", SimpleType.BOOL, IP,
          IpAddress.class, IpAddress::isLinkLocalUnicast),
      LibraryOverload.member("isGlobalUnicast", "ip_is_global_unicast", SimpleType.BOOL, IP, IpAddress.class,
          IpAddress::isGlobalUnicast));

  private IpLibrary() {}

  @Override
  public String name() {
    return "kubernetes.net.ip";
  }

  @Override
  public List<LibraryOverload> overloads() {
    return overloads;
  }

  static IpAddress parseOrFail(String s) throws CelEvaluationException {
    Object parsed = parse(s);
    if (parsed instanceof IpAddress ip) {
      return ip;
    }
    throw CelOperations.error((String) parsed);
  }

  /** The address, or the Kubernetes error message as a String. */
  static Object parse(String s) {
    IpAddress ip;
    try {
      ip = IpAddress.parse(s);
    } catch (IllegalArgumentException e) {
      return "IP Address " + GoStrings.quote(s) + " parse error during conversion from string: " + e.getMessage();
    }
    if (!ip.zone().isEmpty()) {
      return "IP address " + GoStrings.quote(s) + " with zone value is not allowed";
    }
    if (ip.is4In6()) {
      return "IPv4-mapped IPv6 address " + GoStrings.quote(s) + " is not allowed";
    }
    return ip;
  }
}
