package dev.gatehouse.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PathTemplateTest {

    private static final PathTemplate TOKEN =
            PathTemplate.compile("/api/v1/namespaces/{namespace}/serviceaccounts/{name}/token");

    static Stream<Arguments> paths() {
        return Stream.of(
                Arguments.of("a matching path", "/api/v1/namespaces/ci/serviceaccounts/builder/token",
                        Map.of("namespace", "ci", "name", "builder")),
                Arguments.of("a trailing slash", "/api/v1/namespaces/ci/serviceaccounts/builder/token/", null),
                Arguments.of("an extra segment", "/api/v1/namespaces/ci/serviceaccounts/builder/token/x", null),
                Arguments.of("a missing segment", "/api/v1/namespaces/ci/serviceaccounts/token", null),
                Arguments.of("an empty variable", "/api/v1/namespaces//serviceaccounts/builder/token", null),
                Arguments.of("another literal", "/api/v1/namespaces/ci/pods/builder/token", null),
                Arguments.of("a literal prefix only", "/api/v1/namespaces/ci/serviceaccounts/builder/tokens", null),
                Arguments.of("no leading slash", "api/v1/namespaces/ci/serviceaccounts/builder/token", null),
                Arguments.of("the empty path", "", null),
                Arguments.of("the root", "/", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void match_bindsVariablesOfMatchingPathsOnly(String description, String path, Map<String, String> expected) {
        assertThat(TOKEN.match(path)).isEqualTo(expected);
        assertThat(TOKEN.matches(path)).isEqualTo(expected != null);
    }

    static Stream<Arguments> badTemplates() {
        return Stream.of(
                Arguments.of("no variable", "/v1/token", "needs at least one {variable}"),
                Arguments.of("a partial-segment variable", "/v1/x{name}", "must be a whole segment"),
                Arguments.of("a repeated variable", "/v1/{a}/{a}", "repeated variable"),
                Arguments.of("an empty segment", "/v1//{a}", "empty segments"),
                Arguments.of("no leading slash", "v1/{a}", "must start with '/'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTemplates")
    void compile_rejectsBadTemplatesWithTheRule(String description, String template, String message) {
        assertThatThrownBy(() -> PathTemplate.compile(template)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void isTemplate_tellsTemplatesFromExactPaths() {
        assertThat(PathTemplate.isTemplate("/v1/admit")).isFalse();
        assertThat(PathTemplate.isTemplate(TOKEN.pattern())).isTrue();
    }
}
