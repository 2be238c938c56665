package dev.gatehouse.auth.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Strings come out as go-jose's encoder (Go's encoding/json with HTML escaping) writes them. */
class GoJsonTest {

    private static String write(String value) {
        return new String(GoJson.write(JsonNodeFactory.instance.stringNode(value)), StandardCharsets.UTF_8);
    }

    static Stream<Arguments> strings() {
        return Stream.of(
                Arguments.of("HTML characters are escaped", "<a href=\"x?a=1&b=2\">",
                        "\"\\u003ca href=\\\"x?a=1\\u0026b=2\\\"\\u003e\""),
                Arguments.of("quote and backslash get a backslash", "a\"b\\c", "\"a\\\"b\\\\c\""),
                Arguments.of("newline, return and tab are short", "a\nb\rc\td", "\"a\\nb\\rc\\td\""),
                Arguments.of("backspace and form feed are not (the fork predates Go 1.22)", "a\bb\fc",
                        "\"a\\u0008b\\u000cc\""),
                Arguments.of("other control characters in lower-case hex", "" + (char) 0 + (char) 0x1f,
                        "\"\\u0000\\u001f\""),
                Arguments.of("DEL and printable ASCII stay", "~" + (char) 0x7f + "/", "\"~" + (char) 0x7f + "/\""),
                Arguments.of("line and paragraph separators are escaped", "a" + (char) 0x2028 + "b" + (char) 0x2029 + "c",
                        "\"a\\u2028b\\u2029c\""),
                Arguments.of("other non-ASCII is raw UTF-8", "é€😀", "\"é€😀\""),
                Arguments.of("a lone surrogate becomes the replacement character", "a" + (char) 0xd800 + "b",
                        "\"a\\ufffdb\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strings")
    void strings_areEscapedAsGoJoseEscapesThem(String rule, String value, String expected) {
        assertThat(write(value)).isEqualTo(expected);
    }

    @Test
    void objectsAndArrays_areCompact_inTreeOrder_withEscapedKeys() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.putArray("aud").add("a&b").add("c");
        root.put("exp", 1767229200L);
        root.putObject("k<8s>").put("n", true).putNull("z");
        assertThat(new String(GoJson.write(root), StandardCharsets.UTF_8))
                .isEqualTo("{\"aud\":[\"a\\u0026b\",\"c\"],\"exp\":1767229200,\"k\\u003c8s\\u003e\":{\"n\":true,\"z\":null}}");
    }

    @Test
    void fractionalNumbers_areRefused() {
        assertThatThrownBy(() -> GoJson.write(JsonNodeFactory.instance.numberNode(1.5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void issuedTokens_carryKubeApiserversBytes_andStillVerify() {
        TokenFixture f = new TokenFixture(SigningAlgorithm.ES256);
        String audience = "https://vault.example/v1?role=<ci>&env=prod";
        IssuedToken issued = f.issue(new TokenRequestSpec(List.of(audience), null, null));

        String payload = new String(Base64.getUrlDecoder().decode(issued.token().split("\\.")[1]), StandardCharsets.UTF_8);

        assertThat(payload).startsWith("{\"aud\":[\"https://vault.example/v1?role=\\u003cci\\u003e\\u0026env=prod\"],\"exp\":");
        assertThat(payload).doesNotContain("<", ">", "&");
        assertThat(f.verifier.verify(issued.token(), List.of(audience))).isInstanceOf(VerificationResult.Authenticated.class);
    }
}
