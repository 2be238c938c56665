package dev.gatehouse.policy.podsecurity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MessagesTest {

    @Test
    void joinQuote_quotesEachItem_withoutEscaping() {
        assertThat(Messages.joinQuote(List.of())).isEmpty();
        assertThat(Messages.joinQuote(List.of("a"))).isEqualTo("\"a\"");
        assertThat(Messages.joinQuote(List.of("a", "b\"c"))).isEqualTo("\"a\", \"b\"c\"");
    }

    @Test
    void pluralize_isSingularOnlyForOne() {
        assertThat(Messages.pluralize("volume", "volumes", 1)).isEqualTo("volume");
        assertThat(Messages.pluralize("volume", "volumes", 0)).isEqualTo("volumes");
        assertThat(Messages.pluralize("volume", "volumes", 2)).isEqualTo("volumes");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void goQuote_matchesGoPercentQ(String behaviour, String input, String quoted) {
        assertThat(Messages.goQuote(input)).isEqualTo(quoted);
    }

    static Stream<Arguments> goQuote_matchesGoPercentQ() {
        return Stream.of(
                Arguments.of("plain text", "unconfined", "\"unconfined\""),
                Arguments.of("empty", "", "\"\""),
                Arguments.of("quotes and backslashes escaped", "a\"b\\c", "\"a\\\"b\\\\c\""),
                Arguments.of("control characters", "a\nb\tc\u0001", "\"a\\nb\\tc\\x01\""),
                Arguments.of("printable unicode kept", "héllo ✓", "\"héllo ✓\""),
                Arguments.of("non-printable unicode escaped", "a\u200bb", "\"a\\u200bb\""));
    }

    @Test
    void byteOrder_sortsByCodePoint_likeGoStrings() {
        TreeSet<String> set = Messages.sortedSet();
        set.addAll(List.of("b", "B", "a", "\uFF21", "\uD83D\uDE00", "10", "9"));

        // U+FF21 sorts before U+1F600 by code point (UTF-8 bytes), though after it by UTF-16 units.
        assertThat(set).containsExactly("10", "9", "B", "a", "b", "\uFF21", "\uD83D\uDE00");
    }
}
