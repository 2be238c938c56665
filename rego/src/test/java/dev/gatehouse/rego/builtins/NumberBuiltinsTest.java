package dev.gatehouse.rego.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.rego.value.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Numbers and bits. */
class NumberBuiltinsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        abs of a negative decimal                           | abs | [-1.5] | 1.5
        round rounds half away from zero                    | round | [-2.5] | -3
        ceil rounds up                                      | ceil | [1.2] | 2
        floor rounds down                                   | floor | [-1.2] | -2
        numbers.range counts up inclusively                 | numbers.range | [1, 4] | [1, 2, 3, 4]
        numbers.range counts down                           | numbers.range | [2, -1] | [2, 1, 0, -1]
        numbers.range rejects fractions                     | numbers.range | [1.5, 3] | type_error: operand 1 must be integer number but got floating-point number
        numbers.range_step steps                            | numbers.range_step | [0, 10, 4] | [0, 4, 8]
        numbers.range_step rejects a zero step              | numbers.range_step | [0, 10, 0] | error: step must be a positive integer
        bits.and                                            | bits.and | [12, 10] | 8
        bits.or                                             | bits.or | [12, 10] | 14
        bits.xor                                            | bits.xor | [12, 10] | 6
        bits.negate is two's complement                     | bits.negate | [5] | -6
        bits.lsh shifts beyond 64 bits                      | bits.lsh | [1, 64] | 18446744073709551616
        bits.rsh shifts right                               | bits.rsh | [16, 2] | 4
        bits.lsh rejects negative shifts                    | bits.lsh | [1, -1] | type_error: operand 2 must be an unsigned integer number but got a negative integer
        bits.and rejects fractions                          | bits.and | [1.5, 1] | type_error: operand 1 must be integer number but got floating-point number
        """)
    void numberBuiltins(String behaviour, String builtin, String args, String expected) {
        BuiltinTesting.check(builtin, args, expected);
    }

    @Test
    void randIntn_isStableWithinOneQuery() {
        BuiltinContext ctx = BuiltinTesting.context();
        Builtin rand = BuiltinTesting.builtin("rand.intn");
        Value[] args = {BuiltinTesting.value("\"k\""), BuiltinTesting.value("100")};
        Value first = rand.function().apply(ctx, args);
        assertThat(rand.function().apply(ctx, args)).isEqualTo(first);
        assertThat(((dev.gatehouse.rego.value.NumberValue) first).longValue()).isBetween(0L, 99L);
    }
}
