package dev.gatehouse.rego.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ValueTest {

    static Stream<Arguments> ordered() {
        return Stream.of(
                Arguments.of("null sorts before booleans", NullValue.INSTANCE, BooleanValue.FALSE),
                Arguments.of("false sorts before true", BooleanValue.FALSE, BooleanValue.TRUE),
                Arguments.of("booleans sort before numbers", BooleanValue.TRUE, NumberValue.of(-5)),
                Arguments.of("numbers compare numerically", NumberValue.parse("2"), NumberValue.parse("10")),
                Arguments.of("decimals compare with integers", NumberValue.parse("1.5"), NumberValue.of(2)),
                Arguments.of("numbers sort before strings", NumberValue.of(99), StringValue.of("")),
                Arguments.of("strings compare by code point", StringValue.of("a"), StringValue.of("b")),
                Arguments.of("a prefix sorts first", StringValue.of("ab"), StringValue.of("abc")),
                Arguments.of("strings sort before arrays", StringValue.of("z"), ArrayValue.EMPTY),
                Arguments.of("arrays compare element-wise", Values.array(Values.of(1), Values.of(2)), Values.array(Values.of(1), Values.of(3))),
                Arguments.of("arrays sort before objects", Values.array(Values.of(9)), ObjectValue.EMPTY),
                Arguments.of("objects sort before sets", Values.object("a", Values.of(1)), SetValue.EMPTY),
                Arguments.of("supplementary characters sort after U+FFFD", StringValue.of("\uFFFD"), StringValue.of("\uD83D\uDE00")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ordered")
    void totalOrder_isOpaOrder(String name, Value lower, Value higher) {
        assertThat(lower.compareTo(higher)).isNegative();
        assertThat(higher.compareTo(lower)).isPositive();
    }

    static Stream<Arguments> printed() {
        return Stream.of(
                Arguments.of("integer", NumberValue.of(42), "42"),
                Arguments.of("1.0 keeps its literal text", NumberValue.parse("1.0"), "1.0"),
                Arguments.of("computed integers print canonically", NumberValue.of(new java.math.BigDecimal("1.0")), "1"),
                Arguments.of("decimal keeps its digits", NumberValue.parse("3.14"), "3.14"),
                Arguments.of("huge integer is exact", NumberValue.parse("123456789012345678901234567890"), "123456789012345678901234567890"),
                Arguments.of("string is quoted", StringValue.of("a\"b\n"), "\"a\\\"b\\n\""),
                Arguments.of("empty set", SetValue.EMPTY, "set()"),
                Arguments.of("set in order", Values.set(Values.of(3), Values.of(1)), "{1, 3}"),
                Arguments.of("object", Values.object("b", Values.of(true), "a", NullValue.INSTANCE), "{\"a\": null, \"b\": true}"),
                Arguments.of("array", Values.array(Values.of("x"), Values.of(1)), "[\"x\", 1]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("printed")
    void toString_printsAsOpa(String name, Value v, String text) {
        assertThat(v.toString()).isEqualTo(text);
    }

    @Test
    void equalNumbers_haveEqualHashes_acrossRepresentations() {
        assertThat(NumberValue.parse("1.0")).isEqualTo(NumberValue.of(1)).hasSameHashCodeAs(NumberValue.of(1));
        assertThat(NumberValue.parse("1e2")).isEqualTo(NumberValue.of(100));
        assertThat(NumberValue.of(new BigInteger("5"))).isEqualTo(NumberValue.of(5));
        assertThat(Values.set(NumberValue.parse("1.0"), NumberValue.of(1)).size()).isEqualTo(1);
    }

    static Stream<Arguments> bigIntegers() {
        return Stream.of(
                Arguments.of("10^19 equals the literal 1e19", "10000000000000000000", "1e19"),
                Arguments.of("-10^19 equals the literal -1e19", "-10000000000000000000", "-1e19"),
                Arguments.of("10^30 equals the decimal 1000000000000000000000000000000.0", "1000000000000000000000000000000", "1000000000000000000000000000000.0"),
                Arguments.of("a big integer without trailing zeros equals its literal", "123456789012345678901", "123456789012345678901"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bigIntegers")
    void bigIntegers_areNormalized_likeLiterals(String name, String integer, String literal) {
        NumberValue fromBigInteger = NumberValue.of(new BigInteger(integer));
        NumberValue fromLiteral = NumberValue.parse(literal);
        assertThat(fromBigInteger).isEqualTo(fromLiteral).hasSameHashCodeAs(fromLiteral);
        assertThat(fromBigInteger.compareTo(fromLiteral)).isZero();
        assertThat(fromBigInteger.toString()).isEqualTo(integer);
    }

    @Test
    void jsonBigInteger_equalsTheSameNumberWrittenWithAnExponent() {
        Value fromJson = ValueJson.parse("{\"n\":10000000000000000000}");
        assertThat(((ObjectValue) fromJson).get("n")).isEqualTo(NumberValue.parse("1e19"));
        assertThat(Values.set(((ObjectValue) fromJson).get("n"), NumberValue.parse("1e19")).size()).isEqualTo(1);
    }

    @Test
    void json_roundTripsBigNumbersExactly() {
        String json = "{\"big\":123456789012345678901234567890,\"dec\":0.1000000000000000000001,\"s\":[1,\"x\",null,true]}";
        Value v = ValueJson.parse(json);
        assertThat(ValueJson.toJson(v)).isEqualTo(json);
    }

    @Test
    void json_writesSetsAsSortedArrays_andNonStringKeysAsJson() {
        Value v = ObjectValue.builder().put(NumberValue.of(1), Values.set(Values.of("b"), Values.of("a"))).build();
        assertThat(ValueJson.toJson(v)).isEqualTo("{\"1\":[\"a\",\"b\"]}");
    }

    @Test
    void json_parsesDeepNestingWithinTheLimit() {
        String deep = "[".repeat(900) + "]".repeat(900);
        assertThat(ValueJson.parse(deep)).isInstanceOf(ArrayValue.class);
        assertThat(ValueJson.toJson(ValueJson.parse(deep))).isEqualTo(deep);
    }

    @Test
    void json_rejectsHostileNestingWithAClearError() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ValueJson.parse(deep))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void objects_lookUpByValueKey() {
        ObjectValue o = ObjectValue.builder().put("a", Values.of(1)).put(NumberValue.of(2), Values.of("two")).build();
        assertThat(o.get("a")).isEqualTo(Values.of(1));
        assertThat(o.get(NumberValue.parse("2.0"))).isEqualTo(Values.of("two"));
        assertThat(o.get("missing")).isNull();
        assertThat(o.with(Values.of("c"), Values.of(3)).without(Values.of("a")).keys()).hasSize(2);
    }

    @ParameterizedTest(name = "{0} keys")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 8, 9, 12, 40, 300})
    void objects_lookUpEveryStringKey_atAnySize(int size) {
        ObjectValue.Builder b = ObjectValue.builder().put(NumberValue.of(7), Values.of("number key"));
        for (int i = 0; i < size; i++) {
            b.put("key" + i, Values.of(i));
        }
        ObjectValue o = b.build();
        for (int i = 0; i < size; i++) {
            assertThat(o.get(new StringValue(new String("key" + i)))).isEqualTo(Values.of(i));
        }
        assertThat(o.get("key" + size)).isNull();
        assertThat(o.get("7")).isNull();
        assertThat(o.get(NumberValue.of(7))).isEqualTo(Values.of("number key"));
    }

    @Test
    void objects_ofDistinctKeys_equalTheBuiltObject() {
        String[] names = {"spec", "apiVersion", "kind", "metadata", "status", "a", "z", "m", "b", "y", "c"};
        Value[] keys = new Value[names.length];
        Value[] values = new Value[names.length];
        ObjectValue.Builder b = ObjectValue.builder();
        for (int i = 0; i < names.length; i++) {
            keys[i] = Values.of(names[i]);
            values[i] = Values.of(i);
            b.put(names[i], Values.of(i));
        }
        ObjectValue o = ObjectValue.ofDistinct(keys, values);
        assertThat(o).isEqualTo(b.build());
        assertThat(o.toString()).isEqualTo(b.build().toString());
        assertThat(o.get("kind")).isEqualTo(Values.of(2));
    }

    @Test
    void objects_ofDistinctKeys_rejectDuplicates() {
        Value[] keys = {Values.of("a"), Values.of("b"), Values.of("a")};
        Value[] values = {Values.of(1), Values.of(2), Values.of(3)};
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ObjectValue.ofDistinct(keys, values))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate key \"a\"");
    }

    @Test
    void keyStrings_canonicalizeRegisteredConstants_andLeaveOthersAlone() {
        String constant = KeyStrings.register(new String("securityContextForKeyStringsTest"));
        String fromDocument = new String("securityContextForKeyStringsTest");
        assertThat(KeyStrings.canonical(fromDocument)).isSameAs(constant);
        String unknown = new String("neverRegisteredForKeyStringsTest");
        assertThat(KeyStrings.canonical(unknown)).isSameAs(unknown);
        String longLiteral = "x".repeat(100);
        assertThat(KeyStrings.register(longLiteral)).isSameAs(longLiteral);
    }
}
