package dev.gatehouse.rego.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.rego.PreparedQuery;
import dev.gatehouse.rego.Rego;
import dev.gatehouse.rego.RegoException;
import dev.gatehouse.rego.ast.RegoVersion;
import dev.gatehouse.rego.eval.EvalOptions;
import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A function whose every definition loops over a value computed from the parameters alone is answered without its
 * body when that value, kept from an earlier evaluation, has nothing to loop over; and it answers as it would
 * have: each row evaluates a policy on a sequence of inputs (so later ones find the values the earlier ones kept)
 * and compares with strict builtin errors, under which nothing is kept or skipped.
 */
class EmptyLoopGuardTest {

    private static final String EXEMPTION = """
            exempt(container) if {
                images := object.get(object.get(input, "parameters", {}), "exemptImages", [])
                img := container.image
                image := images[_]
                img == image
            }
            """;

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of("the library's exemption check", EXEMPTION, true),
                Arguments.of("a loop right after the kept value", """
                        exempt(container) if {
                            images := object.get(input.parameters, "exemptImages", [])
                            image := images[_]
                            container.image == image
                        }
                        """, true),
                Arguments.of("two definitions that both loop", EXEMPTION + """
                        exempt(container) if {
                            names := object.get(input.parameters, "exemptNames", [])
                            n := names[_]
                            container.name == n
                        }
                        """, true),
                Arguments.of("a builtin call before the loop", """
                        exempt(container) if {
                            images := object.get(input.parameters, "exemptImages", [])
                            img := lower(container.image)
                            image := images[_]
                            img == image
                        }
                        """, false),
                Arguments.of("a loop whose key is named", """
                        exempt(container) if {
                            images := object.get(input.parameters, "exemptImages", [])
                            some i
                            image := images[i]
                            container.image == image
                        }
                        """, false),
                Arguments.of("a value that reads the argument", """
                        exempt(container) if {
                            images := object.get(container, "images", [])
                            image := images[_]
                            image == "x"
                        }
                        """, false),
                Arguments.of("a second definition without a loop", EXEMPTION + """
                        exempt(container) if container.privileged
                        """, false),
                Arguments.of("a default", EXEMPTION + "default exempt(_) := false\n", false));
    }

    @ParameterizedTest(name = "{0}: guarded {2}")
    @MethodSource("shapes")
    void aGuard_isFoundExactlyForLoopsOverKeptValues(String name, String function, boolean guarded) {
        PreparedQuery q = query(function);
        RuleTree.Node node = q.policy().function("data.t.exempt");
        assertThat(q.policy().emptyLoopGuard(node) != null).isEqualTo(guarded);
        for (String input : INPUTS) {
            Value in = ValueJson.parse(input);
            assertThat(q.evaluateValue(in, null, EvalOptions.DEFAULT)).as(input)
                    .isEqualTo(q.evaluateValue(in, null, EvalOptions.DEFAULT.withStrict(true)));
        }
    }

    /** Each parameters value twice in a row: the second evaluation finds the value the first kept. */
    private static final List<String> INPUTS = Stream.of(
            "{\"parameters\": {\"exemptImages\": []}, %s}",
            "{\"parameters\": {\"exemptImages\": [\"nginx\"]}, %s}",
            "{\"parameters\": {\"exemptImages\": [\"nginx\"], \"exemptNames\": [\"b\"]}, %s}",
            "{\"parameters\": {}, %s}",
            "{\"parameters\": {\"exemptImages\": \"nginx\"}, %s}",
            "{%s}")
            .flatMap(p -> Stream.of(p, p))
            .map(p -> p.formatted("\"containers\": [{\"name\": \"a\", \"image\": \"nginx\"}, "
                    + "{\"name\": \"b\", \"image\": \"envoy\", \"privileged\": true}]"))
            .toList();

    private static PreparedQuery query(String function) {
        return Rego.builder().regoVersion(RegoVersion.V1)
                .module("t.rego", "package t\n" + function
                        + "\nnot_exempt contains c.name if { some c in input.containers; not exempt(c) }\n")
                .query("data.t.not_exempt").build();
    }

    @Test
    void strictBuiltinErrors_stillReportTheErrorAKeptUndefinedValueStandsFor() {
        PreparedQuery q = query("""
                exempt(container) if {
                    images := split(input.parameters.csv, ",")
                    image := images[_]
                    container.image == image
                }
                """);
        Value in = ValueJson.parse("{\"parameters\": {\"csv\": 5}, \"containers\": [{\"name\": \"a\"}]}");
        assertThat(q.policy().emptyLoopGuard(q.policy().function("data.t.exempt"))).isNotNull();
        assertThat(q.evaluateValue(in, null, EvalOptions.DEFAULT).toString()).isEqualTo("{\"a\"}");
        assertThatThrownBy(() -> q.evaluateValue(in, null, EvalOptions.DEFAULT.withStrict(true)))
                .isInstanceOf(RegoException.class).hasMessageContaining("split");
    }

    @Test
    void theLoopsFail_whenTheKeptValueHasNoMember() {
        InvariantValues values = new InvariantValues();
        EmptyLoopGuard guard = new EmptyLoopGuard(null, new InvariantValues[] {values});
        Value params = ValueJson.parse("{\"exemptImages\": []}");
        assertThat(guard.fails(params)).as("nothing kept yet").isFalse();
        for (Value none : List.of(ArrayValue.EMPTY, ObjectValue.EMPTY, SetValue.of(new Value[0]), StringValue.of("s"))) {
            values.put(params, none);
            assertThat(guard.fails(params)).as("%s", none).isTrue();
        }
        values.put(params, ValueJson.parse("[\"nginx\"]"));
        assertThat(guard.fails(params)).isFalse();
        assertThat(guard.fails(ValueJson.parse("{\"other\": 1}"))).as("other parameters").isFalse();
    }
}
