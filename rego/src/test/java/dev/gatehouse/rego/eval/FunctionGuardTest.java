package dev.gatehouse.rego.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.rego.PreparedQuery;
import dev.gatehouse.rego.Rego;
import dev.gatehouse.rego.compiler.FunctionGuard;
import dev.gatehouse.rego.compiler.FunctionRule;
import dev.gatehouse.rego.compiler.RuleTree;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A function definition whose body starts by comparing a parameter with a constant is skipped when that test
 * fails for the arguments; results must be exactly those of running every definition.
 */
class FunctionGuardTest {

    private static final String POLICY = """
            package t
            kind(x) := "one" if { x == 1 }
            kind(x) := "other" if { x != 1 }
            order(x) := "small" if { x < 10 }
            order(x) := "large" if { 10 <= x }
            update(review) if { review.operation == "UPDATE" }
            rule(params) := "must" if { params.rule = "MustRunAs" }
            rule(params) := "any" if { params.rule = "RunAsAny" }
            first(a) := "x first" if { a[0] == "x" }
            chain(x) := 1 if { x == 1 } else := 2 if { x == 2 } else := 3
            same(x, x) := "same" if { x == 1 }
            not_guard(x) := "negated" if { not x == 1 }
            has_field(object, field) if { object[field] }
            sec(field, obj) := out if { out = obj.securityContext[field] }
            flag(x) if { x }
            local_other(x) := y if { y = x }
            r_has := true if { has_field({"a": 1}, "a") }
            r_has_false := true if { not has_field({"a": false}, "a") }
            r_has_missing := true if { not has_field({}, "a") }
            r_has_array := true if { has_field(["x"], 0) }
            r_sec := [sec("runAsUser", {"securityContext": {"runAsUser": 0}}), sec("p", {"securityContext": {"p": false}})]
            r_sec_missing := true if { not sec("runAsUser", {"name": "sidecar"}) }
            r_sec_key_missing := true if { not sec("runAsUser", {"securityContext": {}}) }
            r_flag := [true | flag(true)]
            r_flag_false := [true | flag(false)]
            r_local_other := local_other(false)
            r_kind_one := kind(1)
            r_kind_two := kind(2)
            r_kind_string := kind("1")
            r_order := [order(1), order(10), order("a")]
            r_update := update({"operation": "UPDATE"})
            r_create := true if { not update({"operation": "CREATE"}) }
            r_missing := true if { not update({}) }
            r_rule := [rule({"rule": "MustRunAs"}), rule({"rule": "RunAsAny"})]
            r_rule_none := true if { not rule({"rule": "Other"}) }
            r_first := first(["x"])
            r_first_object := true if { not first({"0": "x"}) }
            r_first_set := true if { not first({"x"}) }
            r_chain := [chain(1), chain(2), chain(5)]
            r_same := same(1, 1)
            r_same_differs := true if { not same(1, 2) }
            r_not_guard := not_guard(2)
            r_number_forms := kind(1.0)
            """;

    static Stream<Arguments> calls() {
        return Stream.of(
                Arguments.of("the definition whose test holds is chosen", "r_kind_one", "\"one\""),
                Arguments.of("the other definition's test holds", "r_kind_two", "\"other\""),
                Arguments.of("a string is not the number", "r_kind_string", "\"other\""),
                Arguments.of("order tests compare across types as Rego orders values", "r_order",
                        "[\"small\",\"large\",\"large\"]"),
                Arguments.of("a path into the parameter is read", "r_update", "true"),
                Arguments.of("a path with another value fails", "r_create", "true"),
                Arguments.of("a missing path is undefined", "r_missing", "true"),
                Arguments.of("unification with a constant tests equality", "r_rule", "[\"must\",\"any\"]"),
                Arguments.of("no definition matches", "r_rule_none", "true"),
                Arguments.of("a numeric key reads an array element", "r_first", "\"x first\""),
                Arguments.of("a numeric key is not an object's string key", "r_first_object", "true"),
                Arguments.of("a set has no element 0", "r_first_set", "true"),
                Arguments.of("else branches are tried when a test fails", "r_chain", "[1,2,3]"),
                Arguments.of("a repeated parameter is read from its first occurrence", "r_same", "\"same\""),
                Arguments.of("a repeated parameter still requires equal arguments", "r_same_differs", "true"),
                Arguments.of("a negated test is no guard", "r_not_guard", "\"negated\""),
                Arguments.of("1.0 equals 1", "r_number_forms", "\"one\""),
                Arguments.of("a path used as a test holds when defined and not false", "r_has", "true"),
                Arguments.of("a path used as a test fails on false", "r_has_false", "true"),
                Arguments.of("a path used as a test fails when undefined", "r_has_missing", "true"),
                Arguments.of("a parameter as a key reads an array element", "r_has_array", "true"),
                Arguments.of("a path bound to a variable keeps any defined value, false included", "r_sec",
                        "[0,false]"),
                Arguments.of("a path bound to a variable fails when a step is missing", "r_sec_missing", "true"),
                Arguments.of("a path bound to a variable fails when the last key is missing", "r_sec_key_missing",
                        "true"),
                Arguments.of("a parameter used as a test holds when true", "r_flag", "[true]"),
                Arguments.of("a parameter used as a test fails when false", "r_flag_false", "[]"),
                Arguments.of("a variable bound to a parameter keeps false", "r_local_other", "false"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void guardedDefinitions_giveTheResultsOfRunningEveryDefinition(String name, String rule, String want) {
        PreparedQuery q = Rego.builder().module("t.rego", POLICY).query("data.t." + rule).build();
        var rs = q.evaluate(null);
        String got = rs.isEmpty() ? null : ValueJson.toJson(rs.get(0).expressions().get(0));
        assertThat(got).isEqualTo(want);
    }

    static Stream<Arguments> guards() {
        return Stream.of(
                Arguments.of("a parameter compared with a constant", "kind", true),
                Arguments.of("a constant compared with a parameter", "order", true),
                Arguments.of("a path into a parameter", "update", true),
                Arguments.of("unification with a constant", "rule", true),
                Arguments.of("a path used as a test", "has_field", true),
                Arguments.of("a path bound to a fresh variable", "sec", true),
                Arguments.of("a parameter bound to a fresh variable", "local_other", true),
                Arguments.of("a negated comparison", "not_guard", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guards")
    void aLeadingParameterTest_isRecognisedAsAGuard(String name, String function, boolean guarded) {
        PreparedQuery q = Rego.builder().module("t.rego", POLICY).query("data.t.r_kind_one").build();
        RuleTree.Node node = q.policy().tree().find(List.of("t", function));
        FunctionRule[] rules = q.policy().functionCandidates(node, new Value[0]);
        List<FunctionGuard> found = Arrays.stream(rules).map(FunctionRule::guard).toList();
        if (guarded) {
            assertThat(found).doesNotContainNull();
        } else {
            assertThat(found).containsOnlyNulls();
        }
    }
}
