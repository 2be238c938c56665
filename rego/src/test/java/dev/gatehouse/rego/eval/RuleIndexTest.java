package dev.gatehouse.rego.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.rego.PreparedQuery;
import dev.gatehouse.rego.Rego;
import dev.gatehouse.rego.compiler.RuleTree;
import dev.gatehouse.rego.value.ValueJson;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The equality index must never change results, only the rules visited. */
class RuleIndexTest {

    private static final String POLICY = """
            package t
            deny contains "pod" if { input.kind == "Pod"; input.privileged }
            deny contains "svc" if { input.kind == "Service"; input.type == "NodePort" }
            deny contains "ing" if { "Ingress" = input.kind }
            deny contains "any" if { input.name == "bad" }
            deny contains "pod2" if { input.kind == "Pod"; input.hostNetwork }
            """;

    static Stream<Arguments> inputs() {
        return Stream.of(
                Arguments.of("matching kind selects its rules", "{\"kind\": \"Pod\", \"privileged\": true, \"hostNetwork\": true}",
                        "[\"pod\",\"pod2\"]"),
                Arguments.of("unindexed rules always run", "{\"kind\": \"Pod\", \"name\": \"bad\"}", "[\"any\"]"),
                Arguments.of("unification form is indexed too", "{\"kind\": \"Ingress\"}", "[\"ing\"]"),
                Arguments.of("missing key leaves only unindexed rules", "{\"name\": \"bad\"}", "[\"any\"]"),
                Arguments.of("no input", null, "[]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void indexedEvaluation_matchesUnindexedSemantics(String name, String input, String want) {
        PreparedQuery q = Rego.builder().module("t.rego", POLICY).query("data.t.deny").build();
        RuleTree.Node node = q.policy().tree().find(List.of("t", "deny"));
        assertThat(node.index()).isNotNull();
        var rs = q.evaluate(input == null ? null : ValueJson.parse(input));
        assertThat(ValueJson.toJson(rs.get(0).expressions().get(0))).isEqualTo(want);
    }
}
