package dev.gatehouse.policy.cel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table tests of every Kubernetes CEL library: expression, rendered result (or exact error). */
class KubernetesCelLibrariesTest {

  static Stream<Arguments> lists() {
    return Stream.of(
        Arguments.of("isSorted_sortedInts_true", "[1, 2, 3].isSorted()", "true"),
        Arguments.of("isSorted_unsortedDoubles_false", "[2.0, 1.0].isSorted()", "false"),
        Arguments.of("isSorted_stringsWithRepeats_true", "['a', 'b', 'b', 'c'].isSorted()", "true"),
        Arguments.of("isSorted_empty_true", "[].isSorted()", "true"),
        Arguments.of("isSorted_listOfLists_compileError", "[[1]].isSorted()",
            "compile error: found no matching overload for 'isSorted' applied to 'list(list(int)).()' (candidates: "
                + "list(int).(),list(uint).(),list(double).(),list(bool).(),list(google.protobuf.Duration).(),"
                + "list(google.protobuf.Timestamp).(),list(string).(),list(bytes).())"),
        Arguments.of("sum_ints_int", "[1, 3].sum()", "4"),
        Arguments.of("sum_doubles_double", "[1.0, 3.0].sum()", "4.0"),
        Arguments.of("sum_durations_duration", "[duration('1m'), duration('1s')].sum() == duration('61s')", "true"),
        Arguments.of("sum_empty_zero", "[].sum()", "0"),
        Arguments.of("sum_emptyDoubleList_doubleZero", "[1.0].filter(x, x > 2.0).sum()", "0.0"),
        Arguments.of("sum_dynList_dynamicDispatch", "dyn([1.5, 2.5]).sum()", "4.0"),
        Arguments.of("max_dynReceiver_dynamicDispatch", "dyn(['a', 'c', 'b']).max()", "'c'"),
        Arguments.of("isSorted_dynMixedStringsAndInts_noSuchOverload", "[dyn(1), dyn('a')].isSorted()",
            "error: no such overload"),
        Arguments.of("sum_strings_compileError", "['a'].sum()",
            "compile error: found no matching overload for 'sum' applied to 'list(string).()' (candidates: "
                + "list(int).(),list(uint).(),list(double).(),list(google.protobuf.Duration).())"),
        Arguments.of("sum_overflow_error", "[9223372036854775807, 1].sum()", "error: integer overflow"),
        Arguments.of("min_ints_smallest", "[3, 1, 2].min()", "1"),
        Arguments.of("max_strings_largest", "['b', 'c', 'a'].max()", "'c'"),
        Arguments.of("min_dynMixedNumbers_smallest", "[dyn(2), dyn(1.5)].min()", "1.5"),
        Arguments.of("min_empty_error", "[].min()", "error: min called on empty list"),
        Arguments.of("max_empty_error", "[].max()", "error: max called on empty list"),
        Arguments.of("indexOf_present_firstIndex", "[1, 2, 2, 3].indexOf(2)", "1"),
        Arguments.of("lastIndexOf_present_lastIndex", "['a', 'b', 'b', 'c'].lastIndexOf('b')", "2"),
        Arguments.of("indexOf_absent_minusOne", "[1.0].indexOf(1.1)", "-1"),
        Arguments.of("indexOf_emptyList_minusOne", "[].indexOf('string')", "-1"),
        Arguments.of("indexOf_stringReceiver_stringsExtension", "'abcb'.indexOf('b')", "1"),
        Arguments.of("range_positive_zeroToNMinusOne", "lists.range(3)", "[0, 1, 2]"),
        Arguments.of("range_negative_empty", "lists.range(-1)", "[]"),
        Arguments.of("range_combinedWithMap_works", "lists.range(4).map(i, i * i).sum()", "14"));
  }

  static Stream<Arguments> sets() {
    return Stream.of(
        Arguments.of("contains_subset_true", "sets.contains([1, 2, 3], [3, 1])", "true"),
        Arguments.of("contains_emptySublist_true", "sets.contains([1], [])", "true"),
        Arguments.of("contains_crossTypeNumbers_true", "sets.contains(dyn([1]), [1.0])", "true"),
        Arguments.of("contains_missing_false", "sets.contains([1, 2], [3])", "false"),
        Arguments.of("equivalent_duplicatesAndOrder_true", "sets.equivalent([1, 2, 2], [2, 1])", "true"),
        Arguments.of("equivalent_different_false", "sets.equivalent([1], [1, 2])", "false"),
        Arguments.of("intersects_common_true", "sets.intersects([1, 2], [2, 3])", "true"),
        Arguments.of("intersects_empty_false", "sets.intersects([], [])", "false"));
  }

  static Stream<Arguments> regex() {
    return Stream.of(
        Arguments.of("find_match_firstMatch", "'abc 123'.find('[0-9]+')", "'123'"),
        Arguments.of("find_noMatch_empty", "'abc'.find('[0-9]+')", "''"),
        Arguments.of("findAll_matches_all", "'123 abc 456'.findAll('[0-9]+')", "['123', '456']"),
        Arguments.of("findAll_limit_first", "'123 abc 456'.findAll('[0-9]+', 1)", "['123']"),
        Arguments.of("findAll_zeroLimit_empty", "'123 abc 456'.findAll('[0-9]+', 0)", "[]"),
        Arguments.of("findAll_emptyMatches_goSemantics", "'baaab'.findAll('a*')", "['', 'aaa', '']"),
        Arguments.of("find_badPattern_illegalRegex", "'abc'.find('[')",
            "error: Illegal regex: error parsing regexp: missing closing ]: `[`"));
  }

  static Stream<Arguments> urls() {
    return Stream.of(
        Arguments.of("getScheme_https_scheme", "url('https://example.com/path').getScheme()", "'https'"),
        Arguments.of("getHost_withPort_hostAndPort", "url('https://example.com:80/').getHost()",
            "'example.com:80'"),
        Arguments.of("getHost_ipv6_bracketed", "url('https://[::1]:80/').getHost()", "'[::1]:80'"),
        Arguments.of("getHostname_ipv6_unbracketed", "url('https://[::1]:80/').getHostname()", "'::1'"),
        Arguments.of("getPort_withPort_port", "url('https://example.com:8080').getPort()", "'8080'"),
        Arguments.of("getPort_noPort_empty", "url('https://example.com/').getPort()", "''"),
        Arguments.of("getEscapedPath_spaces_escaped", "url('https://example.com/path with spaces/').getEscapedPath()",
            "'/path%20with%20spaces/'"),
        Arguments.of("getEscapedPath_noPath_empty", "url('https://example.com').getEscapedPath()", "''"),
        Arguments.of("getQuery_repeatedKeys_lists",
            "url('https://example.com/path?k1=a&k2=b&k2=c').getQuery() == {'k1': ['a'], 'k2': ['b', 'c']}", "true"),
        Arguments.of("getQuery_fragment_notInQuery", "url('https://example.com/?a=b#frag').getQuery()['a']",
            "['b']"),
        Arguments.of("isURL_absolutePath_true", "isURL('/absolute-path')", "true"),
        Arguments.of("isURL_relative_false", "isURL('example.com')", "false"),
        Arguments.of("isURL_badPort_false", "isURL('https://example.com:port')", "false"),
        Arguments.of("url_relative_error", "url('example.com')",
            "error: URL parse error during conversion from string: parse \"example.com\": invalid URI for request"),
        Arguments.of("url_badEscape_error", "url('https://example.com/%zz')",
            "error: URL parse error during conversion from string: parse \"https://example.com/%zz\": "
                + "invalid URL escape \"%zz\""));
  }

  static Stream<Arguments> quantity() {
    return Stream.of(
        Arguments.of("quantity_milli_equalsByValue", "quantity('1000m') == quantity('1')", "true"),
        Arguments.of("quantity_binary_equalsDecimal", "quantity('1Ki') == quantity('1024')", "true"),
        Arguments.of("isGreaterThan_larger_true", "quantity('200M').isGreaterThan(quantity('100M'))", "true"),
        Arguments.of("isLessThan_binaryVsDecimal_false", "quantity('1Gi').isLessThan(quantity('1G'))", "false"),
        Arguments.of("compareTo_equal_zero", "quantity('50M').compareTo(quantity('50000k'))", "0"),
        Arguments.of("add_quantity_sum", "quantity('50k').add(quantity('20k')) == quantity('70k')", "true"),
        Arguments.of("add_int_sum", "quantity('50k').add(20) == quantity('50020')", "true"),
        Arguments.of("sub_int_difference", "quantity('50k').sub(20000) == quantity('30k')", "true"),
        Arguments.of("asInteger_integral_value", "quantity('50k').asInteger()", "50000"),
        Arguments.of("asInteger_fraction_error", "quantity('50m').asInteger()",
            "error: cannot convert value to integer"),
        Arguments.of("asInteger_tooLarge_error", "quantity('9999999999999999999999999999999999999G').asInteger()",
            "error: cannot convert value to integer"),
        Arguments.of("isInteger_fraction_false", "quantity('9999999999999999999999999999999999999m').isInteger()",
            "false"),
        Arguments.of("asApproximateFloat_milli_double", "quantity('50.703k').asApproximateFloat()", "50703.0"),
        Arguments.of("asApproximateFloat_tinyRoundedUp_nano", "quantity('0.0000000001').asApproximateFloat()",
            "1.0E-9"),
        Arguments.of("sign_negative_minusOne", "sign(quantity('-50k'))", "-1"),
        Arguments.of("sign_zero_zero", "sign(quantity('0'))", "0"),
        Arguments.of("isQuantity_exponent_true", "isQuantity('1.3e2')", "true"),
        Arguments.of("isQuantity_goQuirkDot_true", "isQuantity('.')", "true"),
        Arguments.of("isQuantity_empty_false", "isQuantity('')", "false"),
        Arguments.of("isQuantity_lowercaseBinarySuffix_false", "isQuantity('1ki')", "false"),
        Arguments.of("quantity_badFormat_error", "quantity('1.5.5')",
            "error: quantities must match the regular expression "
                + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
        Arguments.of("quantity_badSuffix_error", "quantity('5Zi')",
            "error: quantities must match the regular expression "
                + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
        Arguments.of("quantity_unknownSuffix_suffixError", "quantity('5kk')",
            "error: unable to parse quantity's suffix"));
  }

  static Stream<Arguments> ip() {
    return Stream.of(
        Arguments.of("family_v4_four", "ip('127.0.0.1').family()", "4"),
        Arguments.of("family_v6_six", "ip('::1').family()", "6"),
        Arguments.of("isUnspecified_zeros_true", "ip('0.0.0.0').isUnspecified()", "true"),
        Arguments.of("isLoopback_v6_true", "ip('::1').isLoopback()", "true"),
        Arguments.of("isLoopback_doc_false", "ip('2001:db8::abcd').isLoopback()", "false"),
        Arguments.of("isLinkLocalMulticast_v4_true", "ip('224.0.0.1').isLinkLocalMulticast()", "true"),
        Arguments.of("isLinkLocalMulticast_v4Routable_false", "ip('224.0.1.1').isLinkLocalMulticast()", "false"),
        Arguments.of("isLinkLocalMulticast_v6_true", "ip('ff02::1').isLinkLocalMulticast()", "true"),
        Arguments.of("isLinkLocalUnicast_v4_true", "ip('169.254.169.254').isLinkLocalUnicast()", "true"),
        Arguments.of("isLinkLocalUnicast_v6_true", "ip('fe80::1').isLinkLocalUnicast()", "true"),
        Arguments.of("isLinkLocalUnicast_ula_false", "ip('fd80::1').isLinkLocalUnicast()", "false"),
        Arguments.of("isGlobalUnicast_private_true", "ip('192.168.0.1').isGlobalUnicast()", "true"),
        Arguments.of("isGlobalUnicast_broadcast_false", "ip('255.255.255.255').isGlobalUnicast()", "false"),
        Arguments.of("isGlobalUnicast_multicastV6_false", "ip('ff00::1').isGlobalUnicast()", "false"),
        Arguments.of("string_v6_canonical", "string(ip('2001:DB8:0:0:0::1'))", "'2001:db8::1'"),
        Arguments.of("isCanonical_uppercase_false", "ip.isCanonical('2001:DB8::1')", "false"),
        Arguments.of("isCanonical_canonical_true", "ip.isCanonical('2001:db8::1')", "true"),
        Arguments.of("equality_sameAddress_true", "ip('127.0.0.1') == ip('127.0.0.1')", "true"),
        Arguments.of("isIP_leadingZero_false", "isIP('127.0.0.01')", "false"),
        Arguments.of("isIP_mapped_false", "isIP('::ffff:1.2.3.4')", "false"),
        Arguments.of("isIP_zone_false", "isIP('fe80::1%eth0')", "false"),
        Arguments.of("ip_garbage_error", "ip('foo')",
            "error: IP Address \"foo\" parse error during conversion from string: ParseAddr(\"foo\"): "
                + "unable to parse IP"),
        Arguments.of("ip_leadingZero_error", "ip('192.168.001.1')",
            "error: IP Address \"192.168.001.1\" parse error during conversion from string: "
                + "ParseAddr(\"192.168.001.1\"): IPv4 field has octet with leading zero"),
        Arguments.of("ip_zone_error", "ip('fe80::1%eth0')",
            "error: IP address \"fe80::1%eth0\" with zone value is not allowed"),
        Arguments.of("ip_mapped_error", "ip('::ffff:192.168.0.1')",
            "error: IPv4-mapped IPv6 address \"::ffff:192.168.0.1\" is not allowed"));
  }

  static Stream<Arguments> cidr() {
    return Stream.of(
        Arguments.of("containsIP_inside_true", "cidr('192.168.0.0/24').containsIP(ip('192.168.0.1'))", "true"),
        Arguments.of("containsIP_outsideString_false", "cidr('192.168.0.0/24').containsIP('192.168.1.1')",
            "false"),
        Arguments.of("containsIP_otherFamily_false", "cidr('2001:db8::/32').containsIP(ip('192.168.1.1'))",
            "false"),
        Arguments.of("containsCIDR_subnet_true", "cidr('192.168.0.0/16').containsCIDR(cidr('192.168.10.0/24'))",
            "true"),
        Arguments.of("containsCIDR_sibling_false", "cidr('192.168.1.0/24').containsCIDR('192.168.2.0/24')",
            "false"),
        Arguments.of("containsCIDR_larger_false", "cidr('192.168.0.0/24').containsCIDR(cidr('192.168.0.0/23'))",
            "false"),
        Arguments.of("ip_hostBits_kept", "cidr('192.168.0.1/24').ip() == ip('192.168.0.1')", "true"),
        Arguments.of("masked_hostBits_cleared", "string(cidr('192.168.0.129/24').masked())", "'192.168.0.0/24'"),
        Arguments.of("masked_notCanonical_differs", "cidr('192.168.0.1/24') == cidr('192.168.0.1/24').masked()",
            "false"),
        Arguments.of("prefixLength_v6_length", "cidr('::1/128').prefixLength()", "128"),
        Arguments.of("string_v6_canonical", "string(cidr('2001:DB8::/32'))", "'2001:db8::/32'"),
        Arguments.of("isCIDR_noSlash_false", "isCIDR('192.168.0.0')", "false"),
        Arguments.of("isCIDR_hostBits_true", "isCIDR('192.168.0.1/24')", "true"),
        Arguments.of("cidr_noSlash_error", "cidr('192.168.0.0')",
            "error: network address parse error during conversion from string: network address parse error "
                + "during conversion from string: netip.ParsePrefix(\"192.168.0.0\"): no '/'"),
        Arguments.of("cidr_leadingZeroBits_error", "cidr('192.168.0.1/024')",
            "error: network address parse error during conversion from string: network address parse error "
                + "during conversion from string: netip.ParsePrefix(\"192.168.0.1/024\"): bad bits after slash: "
                + "\"024\""),
        Arguments.of("cidr_tooLong_error", "cidr('192.168.0.1/33')",
            "error: network address parse error during conversion from string: network address parse error "
                + "during conversion from string: netip.ParsePrefix(\"192.168.0.1/33\"): prefix length out of "
                + "range"));
  }

  static Stream<Arguments> format() {
    return Stream.of(
        Arguments.of("validate_validLabel_none", "format.dns1123Label().validate('my-name')", "optional.none"),
        Arguments.of("validate_invalidLabel_messages", "format.dns1123Label().validate('My_Name')",
            "optional(['a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
                + "must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used "
                + "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')'])"),
        Arguments.of("validate_labelTooLong_lengthMessage",
            "format.dns1123Label().validate('" + "x".repeat(64) + "')",
            "optional(['must be no more than 63 characters'])"),
        Arguments.of("named_known_present", "format.named('dns1123Subdomain').hasValue()", "true"),
        Arguments.of("validate_subdomain_valid", "format.dns1123Subdomain().validate('apiextensions.k8s.io')",
            "optional.none"),
        Arguments.of("validate_subdomainUppercase_message", "format.dns1123Subdomain().validate('Example.com')",
            "optional(['a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
                + "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
                + "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')'])"),
        Arguments.of("validate_dns1035LeadingDigit_message", "format.dns1035Label().validate('1abc')",
            "optional(['a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
                + "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
                + "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')'])"),
        Arguments.of("validate_subdomainPrefix_valid", "format.dns1123SubdomainPrefix().validate('mysubdomain.prefix.-')",
            "optional.none"),
        Arguments.of("validate_dns1035LabelPrefix_valid", "format.dns1035LabelPrefix().validate('my-label-prefix-')",
            "optional.none"),
        Arguments.of("named_unknown_none", "format.named('nope').hasValue()", "false"),
        Arguments.of("validate_prefixTrailingDash_valid", "format.dns1123LabelPrefix().validate('my-prefix-')",
            "optional.none"),
        Arguments.of("validate_qualifiedNameTwoSlashes_message",
            "format.qualifiedName().validate('a/b/c').value()[0].startsWith('a qualified name must consist')",
            "true"),
        Arguments.of("validate_qualifiedNameEmptyPrefix_message", "format.qualifiedName().validate('/name')",
            "optional(['prefix part must be non-empty'])"),
        Arguments.of("validate_labelValueEmpty_valid", "format.labelValue().validate('')", "optional.none"),
        Arguments.of("validate_uuid_invalid", "format.uuid().validate('123')",
            "optional(['does not match the UUID format'])"),
        Arguments.of("validate_uuid_valid", "format.uuid().validate('123e4567-e89b-12d3-a456-426614174000')",
            "optional.none"),
        Arguments.of("validate_byte_invalid", "format.byte().validate('aGVsbG8')", "optional(['invalid base64'])"),
        Arguments.of("validate_byte_valid", "format.byte().validate('aGVsbG8=')", "optional.none"),
        Arguments.of("validate_date_invalidDay", "format.date().validate('2021-02-30')",
            "optional(['invalid date'])"),
        Arguments.of("validate_datetime_valid", "format.datetime().validate('2021-01-01T00:00:00Z')",
            "optional.none"),
        Arguments.of("validate_uri_relative", "format.uri().validate('example.com')",
            "optional(['parse \"example.com\": invalid URI for request'])"));
  }

  static Stream<Arguments> semver() {
    return Stream.of(
        Arguments.of("major_full_major", "semver('1.2.3').major()", "1"),
        Arguments.of("minor_full_minor", "semver('1.2.3').minor()", "2"),
        Arguments.of("patch_full_patch", "semver('1.2.3').patch()", "3"),
        Arguments.of("compareTo_equal_zero", "semver('1.2.3').compareTo(semver('1.2.3'))", "0"),
        Arguments.of("compareTo_less_minusOne", "semver('1.2.3').compareTo(semver('2.0.0'))", "-1"),
        Arguments.of("compareTo_greater_one", "semver('1.2.3').compareTo(semver('0.1.2'))", "1"),
        Arguments.of("isLessThan_prerelease_true", "semver('1.0.0-alpha').isLessThan(semver('1.0.0'))", "true"),
        Arguments.of("isGreaterThan_numericPrerelease_true",
            "semver('1.0.0-alpha.10').isGreaterThan(semver('1.0.0-alpha.9'))", "true"),
        Arguments.of("equality_buildIgnored_true", "semver('1.0.0+a') == semver('1.0.0+b')", "true"),
        Arguments.of("isSemver_short_false", "isSemver('1.2')", "false"),
        Arguments.of("isSemver_normalized_true", "isSemver('v1.02', true)", "true"),
        Arguments.of("semver_normalized_padded", "semver('v1.02', true).minor()", "2"),
        Arguments.of("semver_leadingZero_error", "semver('01.0.0')",
            "error: Major number must not contain leading zeroes \"01\""),
        Arguments.of("semver_short_error", "semver('1.2')", "error: No Major.Minor.Patch elements found"),
        Arguments.of("semver_empty_error", "semver('')", "error: Version string empty"),
        Arguments.of("semver_shortWithPrerelease_error", "semver('1-alpha', true)",
            "error: short version cannot contain PreRelease/Build meta data"));
  }

  static Stream<Arguments> stringFormat() {
    return Stream.of(
        Arguments.of("format_stringAndInt_substituted", "'%s has %d replicas'.format(['web', 3])",
            "'web has 3 replicas'"),
        Arguments.of("format_percentPercent_literal", "'100%%'.format([])", "'100%'"),
        Arguments.of("format_listAndMap_celLiterals", "'%s %s'.format([['a', 1, 2.5], {'b': true, 'a': null}])",
            "'[\"a\", 1, 2.500000] {\"a\":null, \"b\":true}'"),
        Arguments.of("format_doubleString_goShortest", "'%s %s %s'.format([1.5, 1e21, 0.00001])",
            "'1.5 1e+21 1e-05'"),
        Arguments.of("format_fixedDefault_sixDecimalsGrouped", "'%f'.format([1234.5])", "'1,234.500000'"),
        Arguments.of("format_fixedPrecision_rounded", "'%.2f'.format([3.14159])", "'3.14'"),
        Arguments.of("format_scientific_sixDecimals", "'%e'.format([1234.5678])", "'1.234568e+03'"),
        Arguments.of("format_binaryOctalHex_integers", "'%b %o %x %X'.format([5, 8, 255, 255])",
            "'101 10 ff FF'"),
        Arguments.of("format_hexString_utf8Bytes", "'%x'.format(['hi'])", "'6869'"),
        Arguments.of("format_duration_seconds", "'%s'.format([duration('90s')])", "'90s'"),
        Arguments.of("format_decimalOnDouble_error", "'%d'.format([1.5])",
            "error: error during formatting: decimal clause can only be used on integers, was given double"),
        Arguments.of("format_unknownVerb_error", "'%z'.format([1])",
            "error: could not parse formatting clause: unrecognized formatting clause \"z\""),
        Arguments.of("format_missingArgument_error", "'%s %s'.format(['a'])", "error: index 1 out of range"),
        Arguments.of("format_quantityAsString_error", "'%s'.format([quantity('1')])",
            "error: error during formatting: string clause can only be used on strings, bools, bytes, ints, "
                + "doubles, maps, lists, types, durations, and timestamps, was given kubernetes.Quantity"));
  }

  @org.junit.jupiter.api.Test
  void registry_everyLibraryFunction_hasATableRow() {
    String allExpressions = Stream.of(lists(), sets(), regex(), urls(), quantity(), ip(), cidr(), format(), semver(),
            stringFormat())
        .flatMap(s -> s)
        .map(arguments -> (String) arguments.get()[1])
        .collect(java.util.stream.Collectors.joining("\n"));
    for (KubernetesCelLibrary library : KubernetesCelLibraries.all()) {
      for (LibraryOverload overload : library.overloads()) {
        String name = overload.function();
        // Member functions appear as ".name(", global ones as "name(" (format.x() also as "format.x(").
        assertThat(allExpressions).as(library.name() + " function " + name + " has no table row")
            .contains(name + "(");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"lists", "sets", "regex", "urls", "quantity", "ip", "cidr", "format", "semver", "stringFormat"})
  void library_expression_result(String name, String expression, String expected) {
    assertThat(CelTestSupport.eval(expression)).as(expression).isEqualTo(expected);
  }
}
