package dev.gatehouse.rego.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.rego.PreparedQuery;
import dev.gatehouse.rego.Rego;
import dev.gatehouse.rego.compiler.CompiledPolicy;
import dev.gatehouse.rego.compiler.RuleTree;
import dev.gatehouse.rego.compiler.SharedDocumentKey;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Documents that read one input member and nothing else are shared between policies evaluated on the same value of
 * that member, under a key that is equal exactly when the rules compute the same document in any package. Sharing
 * must never hand one policy's document to another whose rules differ, nor a document computed from another value.
 */
class SharedDocumentsTest {

    private static final String CONTAINERS = """
            containers contains c if { c := input.review.object.spec.containers[_] }
            containers contains c if { c := input.review.object.spec.initContainers[_] }
            """;

    static Stream<Arguments> keys() {
        return Stream.of(
                Arguments.of("the same rules in another package, after other wildcards, share",
                        CONTAINERS, "w := [x | x := input.review[_]]\n" + CONTAINERS, true),
                Arguments.of("renamed variables share",
                        CONTAINERS, CONTAINERS.replace(" c ", " k ").replace("c :=", "k :="), true),
                Arguments.of("another path does not share",
                        CONTAINERS, CONTAINERS.replace("initContainers", "ephemeralContainers"), false),
                Arguments.of("rules in another order do not share",
                        CONTAINERS, CONTAINERS.lines().toList().reversed().stream()
                                .reduce("", (a, l) -> a + l + "\n"), false),
                Arguments.of("an extra step does not share", CONTAINERS,
                        "containers contains c if { d := input.review.object.spec.containers[_]; c := d }\n"
                                + "containers contains c if { c := input.review.object.spec.initContainers[_] }\n",
                        false),
                Arguments.of("a set and an object of the same containers do not share", CONTAINERS,
                        "containers[c.name] := c if { c := input.review.object.spec.containers[_] }\n"
                                + "containers[c.name] := c if { c := input.review.object.spec.initContainers[_] }\n",
                        false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void sharedKeys(String name, String a, String b, boolean equal) {
        SharedDocumentKey ka = key("a", a);
        SharedDocumentKey kb = key("b", b);
        assertThat(ka).isNotNull();
        assertThat(kb).isNotNull();
        assertThat(ka.equals(kb)).isEqualTo(equal);
    }

    static Stream<Arguments> unshared() {
        return Stream.of(
                Arguments.of("a call of a user function",
                        "containers contains c if { c := input.review.object.spec.containers[_]; ok(c) }\n"
                                // Two statements: a one-test function would be inlined, leaving no call.
                                + "ok(c) if { n := c.name; n != \"\" }\n"),
                Arguments.of("a reference into data",
                        "containers contains c if { c := input.review.object.spec.containers[_]; data.x.y }\n"),
                Arguments.of("a with", "containers contains c if { c := input.review.object.spec.containers[_] "
                        + "with input.parameters as {} }\n"),
                Arguments.of("two input members",
                        "containers contains c if { c := input.review.object.spec.containers[_]; input.parameters }\n"),
                Arguments.of("parameters only (kept by parameters instead)",
                        "containers contains c if { c := input.parameters.containers[_] }\n"),
                Arguments.of("a nondeterministic builtin",
                        "containers contains c if { c := input.review.object.spec.containers[_]; time.now_ns() }\n"));
    }

    @ParameterizedTest(name = "{0} is not shared")
    @MethodSource("unshared")
    void unsharedDocuments(String name, String rules) {
        assertThat(key("a", rules)).isNull();
    }

    @Test
    void policiesWithDifferentRules_eachGetTheirOwnDocumentForTheSameReview() {
        PreparedQuery a = query("a", CONTAINERS);
        PreparedQuery b = query("b", CONTAINERS.replace("initContainers", "ephemeralContainers"));
        PreparedQuery c = query("c", "w := 1\n" + CONTAINERS);
        Value input = ValueJson.parse("""
                {"review": {"object": {"spec": {"containers": [{"name": "app"}], "initContainers": [{"name": "init"}],
                 "ephemeralContainers": [{"name": "debug"}]}}}}""");
        for (int i = 0; i < 2; i++) {
            assertThat(names(a, input)).isEqualTo("[\"app\",\"init\"]");
            assertThat(names(b, input)).isEqualTo("[\"app\",\"debug\"]");
            assertThat(names(c, input)).isEqualTo("[\"app\",\"init\"]");
        }
        Value other = ValueJson.parse("{\"review\": {\"object\": {\"spec\": {\"containers\": [{\"name\": \"x\"}]}}}}");
        assertThat(names(a, other)).isEqualTo("[\"x\"]");
        assertThat(names(c, input)).isEqualTo("[\"app\",\"init\"]");
    }

    @Test
    void aReplacedReview_getsItsOwnDocument() {
        PreparedQuery q = Rego.builder().module("a.rego", "package a\n" + CONTAINERS + """
                replaced := [c.name | c := x[_]] if {
                    x := containers with input.review as {"object": {"spec": {"containers": [{"name": "r"}]}}}
                }
                plain := [c.name | c := containers[_]]
                """).query("x := [data.a.plain, data.a.replaced, data.a.plain]").build();
        Value input = ValueJson.parse("{\"review\": {\"object\": {\"spec\": {\"containers\": [{\"name\": \"app\"}]}}}}");
        for (int i = 0; i < 2; i++) {
            assertThat(names(q, input)).isEqualTo("[[\"app\"],[\"r\"],[\"app\"]]");
        }
    }

    private static PreparedQuery query(String pkg, String rules) {
        return Rego.builder().module(pkg + ".rego", "package " + pkg + "\n" + rules)
                .query("x := [c.name | c := data." + pkg + ".containers[_]]").build();
    }

    private static String names(PreparedQuery q, Value input) {
        return ValueJson.toJson(q.evaluate(input).get(0).bindings().get("x"));
    }

    private static SharedDocumentKey key(String pkg, String rules) {
        CompiledPolicy policy = query(pkg, rules).policy();
        RuleTree.Node node = policy.tree().root().child(StringValue.of(pkg)).child(StringValue.of("containers"));
        return policy.sharedDocument(node);
    }
}
