package dev.gatehouse.rego.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.rego.PreparedQuery;
import dev.gatehouse.rego.Rego;
import dev.gatehouse.rego.compiler.CompiledPolicy;
import dev.gatehouse.rego.compiler.SharedFunctionKey;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * User function results are shared between the policies of one {@link EvaluationScope} when the functions are the
 * same: Gatekeeper's library copies {@code is_exempt} into every template, and it reads
 * {@code input.parameters.exemptImages}, which each constraint sets differently. A shared result must depend on the
 * arguments and the values at the paths the function reads, down to where a path ends.
 */
class SharedCallsTest {

    /** The library's exemption helper, which reads the parameters through object.get. */
    private static final String EXEMPT = """
            is_exempt(container) if {
                exempt_images := object.get(object.get(input, "parameters", {}), "exemptImages", [])
                img := container.image
                exemption := exempt_images[_]
                _matches_exemption(img, exemption)
            }
            _matches_exemption(img, exemption) if {
                not endswith(exemption, "*")
                exemption == img
            }
            _matches_exemption(img, exemption) if {
                endswith(exemption, "*")
                prefix := trim_suffix(exemption, "*")
                startswith(img, prefix)
            }
            """;

    @Test
    void theSameHelperInTwoPolicies_hasOneKeyReadingItsParametersPath() {
        SharedFunctionKey a = key(policy("a", EXEMPT), "data.a.is_exempt");
        SharedFunctionKey b = key(policy("b", "w := [x | x := input.y[_]]\n" + EXEMPT), "data.b.is_exempt");
        SharedFunctionKey other = key(policy("c", EXEMPT.replace("endswith(exemption", "startswith(exemption")),
                "data.c.is_exempt");
        assertThat(a).isEqualTo(b).isNotEqualTo(other);
        Value input = ValueJson.parse("{\"parameters\": {\"exemptImages\": [\"nginx\"]}, \"review\": {}}");
        assertThat(Arrays.asList(a.valuesAt(input))).containsExactly(ValueJson.parse("[\"nginx\"]"));
    }

    @Test
    void valuesAt_tellsWhereAPathEndsAndRefusesNonObjectsOnTheWay() {
        SharedFunctionKey k = key(policy("a", EXEMPT), "data.a.is_exempt");
        assertThat(Arrays.asList(k.valuesAt(ValueJson.parse("{}")))).containsExactly(1);
        assertThat(Arrays.asList(k.valuesAt(ValueJson.parse("{\"parameters\": {}}")))).containsExactly(2);
        assertThat(k.valuesAt(ValueJson.parse("{\"parameters\": \"text\"}"))).isNull();
    }

    @Test
    void policiesWithTheSameHelper_eachSeeTheirOwnParametersInOneScope() {
        PreparedQuery a = query("a", EXEMPT);
        PreparedQuery b = query("b", EXEMPT);
        String review = "\"review\": {\"containers\": [{\"image\": \"nginx:1\"}, {\"image\": \"envoy\"}]}";
        Value withExemption = ValueJson.parse("{\"parameters\": {\"exemptImages\": [\"nginx:*\"]}, " + review + "}");
        Value without = ValueJson.parse("{\"parameters\": {}, " + review + "}");
        EvaluationScope scope = new EvaluationScope();
        for (int i = 0; i < 2; i++) {
            assertThat(exempt(a, withExemption, scope)).isEqualTo("[\"nginx:1\"]");
            assertThat(exempt(b, without, scope)).isEqualTo("[]");
        }
    }

    @Test
    void aPathMissingAtAnotherDepth_isAnotherResult() {
        // The default of the outer object.get names exempt images: missing parameters exempt everything.
        String helper = """
                is_exempt(container) if {
                    images := object.get(object.get(input, "parameters", {"exemptImages": ["*"]}), "exemptImages", [])
                    images[_] == "*"
                }
                """;
        PreparedQuery a = query("a", helper);
        PreparedQuery b = query("b", helper);
        String review = "\"review\": {\"containers\": [{\"image\": \"nginx\"}]}";
        EvaluationScope scope = new EvaluationScope();
        for (int i = 0; i < 2; i++) {
            assertThat(exempt(a, ValueJson.parse("{" + review + "}"), scope)).isEqualTo("[\"nginx\"]");
            assertThat(exempt(b, ValueJson.parse("{\"parameters\": {}, " + review + "}"), scope)).isEqualTo("[]");
        }
    }

    @Test
    void parametersThatAreNotAnObject_areEvaluatedEachTime() {
        String helper = """
                is_exempt(container) if {
                    images := object.get(object.get(input, "parameters", {}), "exemptImages", ["*"])
                    images[_] == "*"
                }
                """;
        PreparedQuery a = query("a", helper);
        PreparedQuery b = query("b", helper);
        String review = "\"review\": {\"containers\": [{\"image\": \"nginx\"}]}";
        EvaluationScope scope = new EvaluationScope();
        for (int i = 0; i < 2; i++) {
            assertThat(exempt(a, ValueJson.parse("{" + review + "}"), scope)).isEqualTo("[\"nginx\"]");
            // object.get of a string is an error, so the helper is undefined: nothing is exempt.
            assertThat(exempt(b, ValueJson.parse("{\"parameters\": \"x\", " + review + "}"), scope)).isEqualTo("[]");
        }
    }

    private static CompiledPolicy policy(String pkg, String rules) {
        return query(pkg, rules).policy();
    }

    private static PreparedQuery query(String pkg, String rules) {
        return Rego.builder().module(pkg + ".rego", "package " + pkg + "\n" + rules)
                .query("[c.image | c := input.review.containers[_]; data." + pkg + ".is_exempt(c)]").build();
    }

    private static String exempt(PreparedQuery q, Value input, EvaluationScope scope) {
        return ValueJson.toJson(q.evaluateValue(input, ValueJson.parse("{}"), null, scope));
    }

    private static SharedFunctionKey key(CompiledPolicy policy, String function) {
        return policy.sharedFunction(policy.function(function));
    }
}
