package dev.gatehouse.policy.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Parsing, value and canonical form of quantities, as resource.ParseQuantity and Quantity.String(). */
class QuantityTest {

  static Stream<Arguments> canonical() {
    return Stream.of(
        Arguments.of("parse_zero_zero", "0", "0", "0"),
        Arguments.of("parse_integer_unchanged", "1", "1", "1"),
        Arguments.of("parse_milliWhole_canonicalisedToUnit", "1000m", "1", "1"),
        Arguments.of("parse_decimalFraction_milli", "1.5", "1.5", "1500m"),
        Arguments.of("parse_negativeFraction_negativeMilli", "-1.5", "-1.5", "-1500m"),
        Arguments.of("parse_subMilli_micro", "0.1m", "0.0001", "100u"),
        Arguments.of("parse_nano_nano", "1n", "0.000000001", "1n"),
        Arguments.of("parse_belowNano_roundedUpToNano", "0.0000000001", "0.000000001", "1n"),
        Arguments.of("parse_belowNanoNegative_roundedAwayFromZero", "-0.0000000001", "-0.000000001", "-1n"),
        Arguments.of("parse_kilo_kilo", "100k", "100000", "100k"),
        Arguments.of("parse_exa_exa", "1E", "1000000000000000000", "1E"),
        Arguments.of("parse_binaryKibi_kibi", "1Ki", "1024", "1Ki"),
        Arguments.of("parse_binaryWholeMebi_promoted", "1024Ki", "1048576", "1Mi"),
        Arguments.of("parse_binaryFraction_nextUnitDown", "1.5Gi", "1610612736", "1536Mi"),
        Arguments.of("parse_binaryBelow1024_decimal", "0.5Ki", "512", "512"),
        Arguments.of("parse_binaryTinyFraction_decimalSI", "0.001Ki", "1.024", "1024m"),
        Arguments.of("parse_binaryOverMax_cappedAtInt64", "8Ei", "9223372036854775807", "9223372036854775807"),
        Arguments.of("parse_exponent_exponentForm", "1e3", "1000", "1e3"),
        Arguments.of("parse_exponentFraction_multipleOfThree", "1.5e3", "1500", "1500"),
        Arguments.of("parse_negativeExponent_exponentForm", "12e-3", "0.012", "12e-3"),
        Arguments.of("parse_upperCaseExponent_exponentForm", "1E6", "1000000", "1e6"),
        Arguments.of("parse_leadingPlus_accepted", "+5", "5", "5"),
        Arguments.of("parse_leadingZeros_stripped", "007", "7", "7"),
        Arguments.of("parse_trailingDot_accepted", "1.", "1", "1"),
        Arguments.of("parse_leadingDot_accepted", ".5", "0.5", "500m"),
        Arguments.of("parse_signOnly_zero", "-", "0", "0"),
        Arguments.of("parse_hugeDecimal_exact", "123456789012345678901234567890", "123456789012345678901234567890",
            "123456789012345678901234567890"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("canonical")
  void quantity_parse_valueAndCanonicalForm(String name, String input, String value, String canonical)
      throws Exception {
    Quantity q = Quantity.parse(input);
    assertThat(q.value().compareTo(new BigDecimal(value))).as("value of " + input + " was " + q.value()).isZero();
    assertThat(q.toString()).isEqualTo(canonical);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("parse_empty_formatError", "", Quantity.FORMAT_ERROR),
        Arguments.of("parse_letters_formatError", "abc", Quantity.FORMAT_ERROR),
        Arguments.of("parse_space_formatError", "1 Gi", Quantity.FORMAT_ERROR),
        Arguments.of("parse_twoDots_formatError", "1.2.3", Quantity.FORMAT_ERROR),
        Arguments.of("parse_unknownSuffix_suffixError", "1Zi", Quantity.FORMAT_ERROR),
        Arguments.of("parse_doubledSuffix_suffixError", "1kk", Quantity.SUFFIX_ERROR),
        Arguments.of("parse_lowercaseBinary_suffixError", "1ki", Quantity.SUFFIX_ERROR),
        Arguments.of("parse_bareExponent_suffixError", "1e", Quantity.SUFFIX_ERROR),
        Arguments.of("parse_hugeExponent_numericError", "1e999999", Quantity.NUMERIC_ERROR));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void quantity_parseInvalid_kubernetesMessage(String name, String input, String message) {
    assertThatThrownBy(() -> Quantity.parse(input)).hasMessage(message);
  }
}
