package dev.gatehouse.policy.constraint.driver.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.policy.constraint.Constraint;
import dev.gatehouse.policy.constraint.ConstraintException;
import dev.gatehouse.policy.constraint.ConstraintParser;
import dev.gatehouse.policy.constraint.ConstraintTemplate;
import dev.gatehouse.policy.constraint.EnforcementPoint;
import dev.gatehouse.policy.constraint.TemplateParser;
import dev.gatehouse.policy.constraint.driver.CompiledTemplate;
import dev.gatehouse.policy.constraint.driver.ReviewContext;
import dev.gatehouse.policy.constraint.driver.Violation;
import dev.gatehouse.policy.review.GroupVersionKind;
import dev.gatehouse.policy.review.GroupVersionResource;
import dev.gatehouse.policy.review.Operation;
import dev.gatehouse.policy.review.Review;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class CelDriverTest {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final CelDriver DRIVER = new CelDriver();

    private static ConstraintTemplate template(String source) throws ConstraintException {
        return TemplateParser.parse(YAML.readTree("""
                apiVersion: templates.gatekeeper.sh/v1
                kind: ConstraintTemplate
                metadata: {name: k8stest}
                spec:
                  crd: {spec: {names: {kind: K8sTest}}}
                  targets:
                  - target: admission.k8s.gatekeeper.sh
                    code:
                    - engine: K8sNativeValidation
                      source:
                """ + source.indent(10)));
    }

    private static List<String> run(String source, String parameters, String object) throws Exception {
        ConstraintTemplate template = template(source);
        CompiledTemplate compiled = DRIVER.compile(template);
        Constraint constraint = ConstraintParser.parse(YAML.readTree("""
                apiVersion: constraints.gatekeeper.sh/v1beta1
                kind: K8sTest
                metadata: {name: c}
                spec: {parameters: %s}
                """.formatted(parameters)), template);
        JsonNode obj = YAML.readTree(object);
        Review review = new Review("", new GroupVersionKind("", "v1", "Pod"), new GroupVersionResource("", "v1",
                "pods"), "", "p", "default", Operation.CREATE, null, obj, null, false);
        return DRIVER.evaluate(compiled, constraint, new ReviewContext(review, null, EnforcementPoint.GATOR))
                .stream().map(Violation::message).toList();
    }

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("true validation is no violation", "validations: [{expression: 'true'}]", "{}", "{}",
                        List.of()),
                Arguments.of("false validation without message names the expression",
                        "validations: [{expression: '1 > 2'}]", "{}", "{}", List.of("failed expression: 1 > 2")),
                Arguments.of("static message", "validations: [{expression: 'false', message: ' no '}]", "{}", "{}",
                        List.of("no")),
                Arguments.of("message expression reads params and the object",
                        "validations: [{expression: 'false', messageExpression: "
                                + "'variables.params.p + \":\" + object.metadata.name'}]",
                        "{p: x}", "{metadata: {name: web}}", List.of("x:web")),
                Arguments.of("failing message expression falls back to the message",
                        "validations: [{expression: 'false', message: fallback, messageExpression: "
                                + "'\"x\" + object.missing'}]", "{}", "{}", List.of("fallback")),
                Arguments.of("runtime error under Fail is a violation",
                        "validations: [{expression: 'object.spec.x == 1'}]", "{}", "{spec: {}}",
                        List.of("expression 'object.spec.x == 1' resulted in error: no such key: x")),
                Arguments.of("runtime error under Ignore is dropped",
                        "failurePolicy: Ignore\nvalidations: [{expression: 'object.spec.x == 1'}]", "{}",
                        "{spec: {}}", List.of()),
                Arguments.of("false match condition skips the validations",
                        "matchCondition: [{name: only-web, expression: 'object.metadata.name == \"web\"'}]\n"
                                + "validations: [{expression: 'false'}]", "{}", "{metadata: {name: db}}", List.of()),
                Arguments.of("true match condition runs the validations",
                        "matchCondition: [{name: only-web, expression: 'object.metadata.name == \"web\"'}]\n"
                                + "validations: [{expression: 'false', message: m}]", "{}",
                        "{metadata: {name: web}}", List.of("m")),
                Arguments.of("user variables see params and anyObject",
                        "variables: [{name: n, expression: 'variables.anyObject.metadata.name'}]\n"
                                + "validations: [{expression: 'variables.n != variables.params.banned', "
                                + "message: banned}]", "{banned: web}", "{metadata: {name: web}}",
                        List.of("banned")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void evaluate(String description, String source, String parameters, String object, List<String> expected)
            throws Exception {
        assertThat(run(source, parameters, object)).isEqualTo(expected);
    }

    @Test
    void compile_typeError_namesTheExpressionField() throws Exception {
        ConstraintTemplate t = template("validations: [{expression: '\"a\"'}]");
        assertThatThrownBy(() -> DRIVER.compile(t))
                .isInstanceOfSatisfying(ConstraintException.class, e -> {
                    assertThat(e.field()).endsWith(".validations[0].expression");
                    assertThat(e.getMessage()).contains("must evaluate to bool");
                });
    }

    @Test
    void compile_undefinedVariable_isAnError() throws Exception {
        ConstraintTemplate t = template("validations: [{expression: 'variables.nope'}]");
        assertThatThrownBy(() -> DRIVER.compile(t)).isInstanceOf(ConstraintException.class);
    }

    @Test
    void evaluate_concurrentReviewsOfOneConstraint_shareItsParameterVariablesSafely() throws Exception {
        ConstraintTemplate template = template("""
                variables:
                - {name: exempt, expression: '!has(variables.params.exempt) ? [] : variables.params.exempt'}
                - {name: bad, expression: 'object.spec.containers.filter(c, !(c.image in variables.exempt))'}
                validations:
                - expression: 'size(variables.bad) == 0'
                  messageExpression: 'variables.bad.map(c, c.image).join(", ")'
                """);
        CompiledTemplate compiled = DRIVER.compile(template);
        Constraint constraint = ConstraintParser.parse(YAML.readTree("""
                apiVersion: constraints.gatekeeper.sh/v1beta1
                kind: K8sTest
                metadata: {name: c}
                spec: {parameters: {exempt: [safe]}}
                """), template);
        int threads = 4;
        int reviews = 2000;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<List<String>>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<String> wrong = new java.util.ArrayList<>();
                    for (int i = 0; i < reviews; i++) {
                        String image = "img-" + thread + "-" + i;
                        JsonNode pod = YAML.readTree("{spec: {containers: [{image: safe}, {image: " + image + "}]}}");
                        Review review = new Review("", new GroupVersionKind("", "v1", "Pod"),
                                new GroupVersionResource("", "v1", "pods"), "", "p", "default", Operation.CREATE,
                                null, pod, null, false);
                        List<String> messages = DRIVER.evaluate(compiled, constraint,
                                new ReviewContext(review, null, EnforcementPoint.VALIDATION)).stream()
                                .map(Violation::message).toList();
                        if (!messages.equals(List.of(image))) {
                            wrong.add(image + " -> " + messages);
                        }
                    }
                    return wrong;
                }));
            }
            for (java.util.concurrent.Future<List<String>> f : futures) {
                assertThat(f.get()).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
