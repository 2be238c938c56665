package dev.gatehouse.policy.cel;

import dev.cel.common.types.CelType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import java.util.List;

/**
 * Kubernetes' CIDR library ({@code net.cidr}): {@code cidr(s)}, {@code isCIDR(s)}, {@code string(cidr)}, and on a
 * CIDR {@code containsIP(ip | string)}, {@code containsCIDR(cidr | string)}, {@code ip()}, {@code masked()},
 * {@code prefixLength()}.
 *
 * <p>Host bits are accepted and kept ({@code cidr('192.168.0.1/24').ip() == ip('192.168.0.1')}); IPv4-mapped IPv6
 * prefixes are rejected. {@code containsCIDR} is true when the operand is the same network or a sub-network, as
 * Kubernetes documents it. Errors read as in Kubernetes, e.g. {@code network address parse error during conversion
 * from string: network address parse error during conversion from string: netip.ParsePrefix("x"): no '/'}.
 */
final class CidrLibrary implements KubernetesCelLibrary {
  /** The CEL type of CIDR prefixes. */
  static final CelType CIDR = OpaqueType.create("net.CIDR");

  private static final String CONVERSION = "network address parse error during conversion from string: ";

  // Declared after the static types the overloads use: class initialisation runs in textual order.
  static final CidrLibrary INSTANCE = new CidrLibrary();

  private final List<LibraryOverload> overloads = List.of(
      LibraryOverload.global("cidr", "string_to_cidr", CIDR, SimpleType.STRING, String.class,
          CidrLibrary::parseOrFail),
      LibraryOverload.global("isCIDR", "is_cidr", SimpleType.BOOL, SimpleType.STRING, String.class,
          s -> parse(s) instanceof CidrPrefix),
      LibraryOverload.global("string", "cidr_to_string", SimpleType.STRING, CIDR, CidrPrefix.class,
          CidrPrefix::toString),
      LibraryOverload.member("containsIP", "cidr_contains_ip_string", SimpleType.BOOL, CIDR, SimpleType.STRING,
          CidrPrefix.class, String.class, (c, s) -> c.containsIp(IpLibrary.parseOrFail(s))),
      LibraryOverload.member("containsIP", "cidr_contains_ip_ip", SimpleType.BOOL, CIDR, IpLibrary.IP,
          CidrPrefix.class, IpAddress.class, CidrPrefix::containsIp),
      LibraryOverload.member("containsCIDR", "cidr_contains_cidr_string", SimpleType.BOOL, CIDR,
          SimpleType.STRING, CidrPrefix.class, String.class, (c, s) -> c.containsPrefix(parseOrFail(s))),
      LibraryOverload.member("containsCIDR", "cidr_contains_cidr", SimpleType.BOOL, CIDR, CIDR,
          CidrPrefix.class, CidrPrefix.class, CidrPrefix::containsPrefix),
      LibraryOverload.member("ip", "cidr_ip", IpLibrary.IP, CIDR, CidrPrefix.class, CidrPrefix::address),
      LibraryOverload.member("prefixLength", "cidr_prefix_length", SimpleType.INT, CIDR, CidrPrefix.class,
          c -> (long) c.bits()),
      LibraryOverload.member("masked", "cidr_masked", CIDR, CIDR, CidrPrefix.class, CidrPrefix::masked));

  private CidrLibrary() {}

  @Override
  public String name() {
    return "net.cidr";
  }

  @Override
  public List<LibraryOverload> overloads() {
    return overloads;
  }

  private static CidrPrefix parseOrFail(String s) throws CelEvaluationException {
    Object parsed = parse(s);
    if (parsed instanceof CidrPrefix prefix) {
      return prefix;
    }
    throw CelOperations.error(CONVERSION + parsed);
  }

  /** The prefix, or parseCIDR's error message as a String. */
  private static Object parse(String s) {
    CidrPrefix prefix;
    try {
      prefix = CidrPrefix.parse(s);
    } catch (IllegalArgumentException e) {
      return CONVERSION + e.getMessage();
    }
    if (prefix.address().is4In6()) {
      return "IPv4-mapped IPv6 address " + GoStrings.quote(s) + " is not allowed";
    }
    return prefix;
  }
}
