package dev.gatehouse.policy.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Parsing and canonical printing of addresses, as Go's netip.ParseAddr and Addr.String. */
class IpAddressTest {

  static Stream<Arguments> canonical() {
    return Stream.of(
        Arguments.of("parse_v4_dotted", "192.168.0.1", "192.168.0.1"),
        Arguments.of("parse_v6Unspecified_doubleColon", "::", "::"),
        Arguments.of("parse_v6Loopback_compressed", "0:0:0:0:0:0:0:1", "::1"),
        Arguments.of("parse_v6Trailing_compressed", "1:0:0:0:0:0:0:0", "1::"),
        Arguments.of("parse_v6Uppercase_lowercased", "2001:DB8::ABCD", "2001:db8::abcd"),
        Arguments.of("parse_v6LeadingZeros_stripped", "2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        Arguments.of("parse_v6SingleZeroGroup_notCompressed", "2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        Arguments.of("parse_v6TwoRuns_longestCompressed", "2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
        Arguments.of("parse_v6EqualRuns_firstCompressed", "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        Arguments.of("parse_v6EmbeddedV4_printedAsHex", "::1.2.3.4", "::102:304"),
        Arguments.of("parse_v4Mapped_keptMapped", "::ffff:1.2.3.4", "::ffff:1.2.3.4"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("canonical")
  void ipAddress_parse_canonicalForm(String name, String input, String expected) {
    assertThat(IpAddress.parse(input).toString()).isEqualTo(expected);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("parse_empty_unableToParse", "", "ParseAddr(\"\"): unable to parse IP"),
        Arguments.of("parse_zoneOnly_missingAddress", "%eth0", "ParseAddr(\"%eth0\"): missing IPv6 address"),
        Arguments.of("parse_v4Short_tooShort", "1.2.3", "ParseAddr(\"1.2.3\"): IPv4 address too short"),
        Arguments.of("parse_v4Long_tooLong", "1.2.3.4.5", "ParseAddr(\"1.2.3.4.5\"): IPv4 address too long"),
        Arguments.of("parse_v4Octet_over255", "1.2.3.256", "ParseAddr(\"1.2.3.256\"): IPv4 field has value >255"),
        Arguments.of("parse_v4EmptyField_atDot", "1..2.3",
            "ParseAddr(\"1..2.3\"): IPv4 field must have at least one digit (at \".2.3\")"),
        Arguments.of("parse_v4Letter_unexpected", "1.2.3.x",
            "ParseAddr(\"1.2.3.x\"): unexpected character (at \"x\")"),
        Arguments.of("parse_v6TooManyGroups_trailingGarbage", "1:2:3:4:5:6:7:8:9",
            "ParseAddr(\"1:2:3:4:5:6:7:8:9\"): trailing garbage after address (at \"9\")"),
        Arguments.of("parse_v6TwoEllipses_multiple", "1::2::3",
            "ParseAddr(\"1::2::3\"): multiple :: in address (at \":3\")"),
        Arguments.of("parse_v6FiveHexDigits_tooMany", "12345::",
            "ParseAddr(\"12345::\"): each colon-separated field must have at most 4 hex digits (at \"12345::\")"),
        Arguments.of("parse_v6Short_tooShort", "1:2:3", "ParseAddr(\"1:2:3\"): address string too short"),
        Arguments.of("parse_v6EmptyZone_rejected", "fe80::1%", "ParseAddr(\"fe80::1%\"): zone must be a non-empty "
            + "string"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void ipAddress_parseInvalid_goMessage(String name, String input, String message) {
    assertThatThrownBy(() -> IpAddress.parse(input)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
