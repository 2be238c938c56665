package dev.gatehouse.rego.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.Value;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Results and their printed form follow OPA (Go big.Float, 64-bit mantissa, shortest %g text). */
class ArithmeticTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("integers add exactly", "plus", "9223372036854775807", "1", "9223372036854775808"),
                Arguments.of("decimals add to the shortest text", "plus", "0.1", "0.2", "0.3"),
                Arguments.of("one third has 20 significant digits", "div", "1", "3", "0.33333333333333333334"),
                Arguments.of("exact integer division stays integral", "div", "10", "5", "2"),
                Arguments.of("inexact integer division is a float", "div", "10", "4", "2.5"),
                Arguments.of("large results use exponent form", "mul", "1234567.5", "1", "1.2345675e+06"),
                Arguments.of("small results use exponent form", "mul", "0.00001", "1", "1e-05"),
                Arguments.of("negative decimals", "minus", "-1.5", "0.25", "-1.75"),
                Arguments.of("decimal times integer giving an integer", "mul", "2.5", "2", "5"),
                Arguments.of("remainder of integers", "rem", "-7", "3", "-1"),
                Arguments.of("absurd exponents are rounded, not expanded", "plus", "1e1000000000", "1", "1e+1000000000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void arithmetic_matchesOpa(String name, String op, String a, String b, String want) {
        Value r = Builtins.standard().get(op).function()
                .apply(null, new Value[] {NumberValue.parse(a), NumberValue.parse(b)});
        assertThat(r.toString()).isEqualTo(want);
    }
}
