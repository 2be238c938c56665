package dev.gatehouse.policy.constraint.driver.rego;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.policy.constraint.Constraint;
import dev.gatehouse.policy.constraint.ConstraintException;
import dev.gatehouse.policy.constraint.ConstraintParser;
import dev.gatehouse.policy.constraint.ConstraintTemplate;
import dev.gatehouse.policy.constraint.EnforcementPoint;
import dev.gatehouse.policy.constraint.TemplateParser;
import dev.gatehouse.policy.constraint.driver.CompiledTemplate;
import dev.gatehouse.policy.constraint.driver.Inventory;
import dev.gatehouse.policy.constraint.driver.ReviewContext;
import dev.gatehouse.policy.constraint.driver.Violation;
import dev.gatehouse.policy.review.GroupVersionKind;
import dev.gatehouse.policy.review.GroupVersionResource;
import dev.gatehouse.policy.review.Operation;
import dev.gatehouse.policy.review.Review;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class RegoDriverTest {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
            .build();
    private static final RegoDriver DRIVER = new RegoDriver();
    private static final JsonNode POD = YAML.readTree("""
            apiVersion: v1
            kind: Pod
            metadata: {name: web, namespace: prod, labels: {app: web}}
            spec: {containers: [{name: c, image: nginx}]}
            """);

    /** A template whose rego is the given text and whose libs are the given modules. */
    private static ConstraintTemplate template(String rego, List<String> libs, String version)
            throws ConstraintException {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: templates.gatekeeper.sh/v1
                kind: ConstraintTemplate
                metadata: {name: k8stest}
                spec:
                  crd: {spec: {names: {kind: K8sTest}}}
                  targets:
                  - target: admission.k8s.gatekeeper.sh
                    code:
                    - engine: Rego
                      source:
                """);
        if (!version.isEmpty()) {
            yaml.append("        version: ").append(version).append('\n');
        }
        yaml.append("        rego: |\n").append(rego.indent(10));
        if (!libs.isEmpty()) {
            yaml.append("        libs:\n");
            for (String lib : libs) {
                yaml.append("        - |\n").append(lib.indent(10));
            }
        }
        return TemplateParser.parse(YAML.readTree(yaml.toString()));
    }

    private static Constraint constraint(ConstraintTemplate template, String parameters) throws ConstraintException {
        return ConstraintParser.parse(YAML.readTree("""
                apiVersion: constraints.gatekeeper.sh/v1beta1
                kind: K8sTest
                metadata: {name: c}
                spec: {%s}
                """.formatted(parameters.isEmpty() ? "" : "parameters: " + parameters)), template);
    }

    private static Review create(JsonNode object) {
        return new Review("", new GroupVersionKind("", "v1", "Pod"), new GroupVersionResource("", "v1", "pods"), "",
                "web", "prod", Operation.CREATE, null, object, null, false);
    }

    private static List<Violation> evaluate(String rego, String parameters, ReviewContext context) throws Exception {
        ConstraintTemplate template = template(rego, List.of(), "");
        return DRIVER.evaluate(DRIVER.compile(template), constraint(template, parameters), context);
    }

    private static List<Violation> evaluate(String rego, String parameters) throws Exception {
        return evaluate(rego, parameters, new ReviewContext(create(POD), null, EnforcementPoint.GATOR));
    }

    static Stream<Arguments> compileErrors() {
        return Stream.of(
                Arguments.of("a syntax error names the module and line",
                        "package k8stest\n\nviolation[{\"msg\": m}] {\n  m := \n}\n", List.of(), "",
                        "spec.targets[0].rego", "k8stest.rego:5: rego_parse_error"),
                Arguments.of("a template without violation",
                        "package k8stest\ndeny[{\"msg\": \"x\"}] { true }\n", List.of(), "",
                        "spec.targets[0].rego", "missing required rules: [violation]"),
                Arguments.of("violation defined only in a library does not count",
                        "package k8stest\nimport data.lib.x\nok { true }\n",
                        List.of("package lib.x\nviolation[{\"msg\": \"x\"}] { true }\n"), "",
                        "spec.targets[0].rego", "missing required rules: [violation]"),
                Arguments.of("a library outside lib",
                        "package k8stest\nviolation[{\"msg\": \"x\"}] { true }\n",
                        List.of("package helpers\nf(x) = x\n"), "",
                        "spec.targets[0].libs[0]", "invalid package \"helpers\": library packages must be under \"lib.\""),
                Arguments.of("a library at lib itself",
                        "package k8stest\nviolation[{\"msg\": \"x\"}] { true }\n",
                        List.of("package lib\nf(x) = x\n"), "",
                        "spec.targets[0].libs[0]", "library packages must be under \"lib.\""),
                Arguments.of("an import of other data",
                        "package k8stest\nimport data.kubernetes.pods\nviolation[{\"msg\": \"x\"}] { pods }\n",
                        List.of(), "",
                        "spec.targets[0].rego", "k8stest.rego:2: invalid import data.kubernetes.pods: only data.lib"),
                Arguments.of("an import of input",
                        "package k8stest\nimport input.review\nviolation[{\"msg\": \"x\"}] { review }\n",
                        List.of(), "",
                        "spec.targets[0].rego", "invalid import input.review"),
                Arguments.of("a read of other data",
                        "package k8stest\nviolation[{\"msg\": \"x\"}] {\n  data.constraints.K8sTest\n}\n",
                        List.of(), "",
                        "spec.targets[0].rego",
                        "k8stest.rego:3: invalid data reference data.constraints.K8sTest: only data.inventory and"
                                + " data.lib may be read"),
                Arguments.of("a read of the whole data document",
                        "package k8stest\nviolation[{\"msg\": m}] { m := json.marshal(data) }\n", List.of(), "",
                        "spec.targets[0].rego", "invalid data reference data:"),
                Arguments.of("a read of other data in a library",
                        "package k8stest\nviolation[{\"msg\": \"x\"}] { true }\n",
                        List.of("package lib.x\nf = data.k8stest.violation\n"), "",
                        "spec.targets[0].libs[0]", "invalid data reference data.k8stest.violation"),
                Arguments.of("an unsafe variable is a compile error",
                        "package k8stest\nviolation[{\"msg\": m}] { x == 1; m := \"x\" }\n", List.of(), "",
                        "spec.targets[0].rego", "rego_unsafe_var_error"),
                Arguments.of("v1 keywords are required in a v1 template",
                        "package k8stest\nviolation[{\"msg\": \"x\"}] { true }\n", List.of(), "v1",
                        "spec.targets[0].rego", "rego_parse_error"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compileErrors")
    void compile_rejects(String description, String rego, List<String> libs, String version, String field,
            String message) throws Exception {
        ConstraintTemplate template = template(rego, libs, version);
        assertThatThrownBy(() -> DRIVER.compile(template))
                .isInstanceOfSatisfying(ConstraintException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void compile_acceptsLibrariesInventoryAndFutureImports() throws Exception {
        ConstraintTemplate template = template("""
                package k8stest
                import future.keywords.in
                import data.lib.util.name
                violation[{"msg": name(input.review.object)}] {
                  not "x" in object.keys(data.inventory)
                }
                """, List.of("package lib.util\nname(o) = o.metadata.name\n"), "");
        CompiledTemplate compiled = DRIVER.compile(template);
        assertThat(compiled.engine()).isEqualTo("Rego");
        assertThat(DRIVER.evaluate(compiled, constraint(template, ""), new ReviewContext(create(POD), null,
                EnforcementPoint.GATOR))).extracting(Violation::message).containsExactly("web");
    }

    @Test
    void compile_v1Template() throws Exception {
        ConstraintTemplate template = template("""
                package k8stest
                violation contains {"msg": msg} if {
                  some c in input.review.object.spec.containers
                  msg := sprintf("container %s", [c.name])
                }
                """, List.of(), "v1");
        assertThat(DRIVER.evaluate(DRIVER.compile(template), constraint(template, ""),
                new ReviewContext(create(POD), null, EnforcementPoint.GATOR)))
                .extracting(Violation::message).containsExactly("container c");
    }

    @Test
    void evaluate_plainObjectOffline_reviewHasOnlyKindNameNamespaceObject() throws Exception {
        JsonNode namespace = YAML.readTree("{apiVersion: v1, kind: Namespace, metadata: {name: prod}}");
        List<Violation> violations = evaluate("""
                package k8stest
                violation[{"msg": "review", "details": input.review}] { true }
                """, "", new ReviewContext(create(POD), namespace, EnforcementPoint.GATOR));
        assertThat(violations).hasSize(1);
        JsonNode review = violations.get(0).details();
        assertThat(review.propertyNames()).containsExactlyInAnyOrder("kind", "name", "namespace", "object",
                "namespaceObject");
        assertThat(review.path("kind").toString()).isEqualTo("{\"group\":\"\",\"kind\":\"Pod\",\"version\":\"v1\"}");
        assertThat(review.path("object")).isEqualTo(POD);
        assertThat(review.path("namespaceObject")).isEqualTo(namespace);
    }

    @Test
    void evaluate_webhookRequest_reviewIsTheAdmissionRequest() throws Exception {
        Review review = new Review("u-1", new GroupVersionKind("", "v1", "Pod"),
                new GroupVersionResource("", "v1", "pods"), "", "web", "prod", Operation.UPDATE,
                new Review.UserInfo("alice", "", List.of("dev"), java.util.Map.of()), POD, POD, false);
        JsonNode details = evaluate("""
                package k8stest
                violation[{"msg": "review", "details": input.review}] { true }
                """, "", new ReviewContext(review, null, EnforcementPoint.VALIDATION)).get(0).details();
        assertThat(details.path("uid").asString()).isEqualTo("u-1");
        assertThat(details.path("operation").asString()).isEqualTo("UPDATE");
        assertThat(details.path("userInfo").path("username").asString()).isEqualTo("alice");
        assertThat(details.path("userInfo").path("groups").get(0).asString()).isEqualTo("dev");
        assertThat(details.path("resource").path("resource").asString()).isEqualTo("pods");
        assertThat(details.path("requestKind").path("kind").asString()).isEqualTo("Pod");
        assertThat(details.path("oldObject")).isEqualTo(POD);
        assertThat(details.path("dryRun").asBoolean(true)).isFalse();
        assertThat(details.has("namespaceObject")).isFalse();
    }

    @Test
    void evaluate_webhookRequestWithEveryField_reviewIsTheWholeAdmissionRequest() throws Exception {
        JsonNode namespace = YAML.readTree("{apiVersion: v1, kind: Namespace, metadata: {name: prod}}");
        Review review = new Review("u-3", new GroupVersionKind("apps", "v1", "Deployment"),
                new GroupVersionResource("apps", "v1", "deployments"), "scale", "web", "prod", Operation.UPDATE,
                new Review.UserInfo("alice", "a-1", List.of("dev", "ops"), java.util.Map.of("team", List.of("x"))),
                POD, POD, true);
        JsonNode details = evaluate("""
                package k8stest
                violation[{"msg": "review", "details": input.review}] { true }
                """, "", new ReviewContext(review, namespace, EnforcementPoint.VALIDATION)).get(0).details();
        String kind = "{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}";
        String resource = "{\"group\":\"apps\",\"resource\":\"deployments\",\"version\":\"v1\"}";
        String pod = POD.toString();
        assertThat(details).isEqualTo(JSON.readTree("{\"dryRun\":true,\"kind\":" + kind + ",\"name\":\"web\","
                + "\"namespace\":\"prod\",\"namespaceObject\":" + namespace + ",\"object\":" + pod
                + ",\"oldObject\":" + pod + ",\"operation\":\"UPDATE\",\"requestKind\":" + kind
                + ",\"requestResource\":" + resource + ",\"requestSubResource\":\"scale\",\"resource\":" + resource
                + ",\"subResource\":\"scale\",\"uid\":\"u-3\",\"userInfo\":{\"extra\":{\"team\":[\"x\"]},"
                + "\"groups\":[\"dev\",\"ops\"],\"uid\":\"a-1\",\"username\":\"alice\"}}"));
    }

    @Test
    void evaluate_delete_objectIsTheOldObject() throws Exception {
        Review review = new Review("u-2", new GroupVersionKind("", "v1", "Pod"),
                new GroupVersionResource("", "v1", "pods"), "", "web", "prod", Operation.DELETE, null, null, POD,
                false);
        List<Violation> violations = evaluate("""
                package k8stest
                violation[{"msg": input.review.object.metadata.name}] { input.review.operation == "DELETE" }
                """, "", new ReviewContext(review, null, EnforcementPoint.VALIDATION));
        assertThat(violations).extracting(Violation::message).containsExactly("web");
    }

    @Test
    void evaluate_parametersAndDetails() throws Exception {
        List<Violation> violations = evaluate("""
                package k8stest
                violation[{"msg": msg, "details": {"missing": missing}}] {
                  provided := {l | input.review.object.metadata.labels[l]}
                  required := {l | l := input.parameters.labels[_]}
                  missing := required - provided
                  count(missing) > 0
                  msg := sprintf("missing labels: %v", [missing])
                }
                """, "{labels: [app, team]}");
        assertThat(violations).hasSize(1);
        assertThat(violations.get(0).message()).isEqualTo("missing labels: {\"team\"}");
        assertThat(violations.get(0).details().toString()).isEqualTo("{\"missing\":[\"team\"]}");
    }

    @Test
    void evaluate_withoutParameters_parametersAreEmptyObject() throws Exception {
        assertThat(evaluate("""
                package k8stest
                violation[{"msg": json.marshal(input.parameters)}] { true }
                """, "")).extracting(Violation::message).containsExactly("{}");
    }

    @Test
    void evaluate_detailsDefaultToEmptyObject_identicalResultsCollapse() throws Exception {
        List<Violation> violations = evaluate("""
                package k8stest
                violation[{"msg": "same"}] { input.review.object.spec.containers[_] }
                violation[{"msg": "same"}] { true }
                violation[{"msg": "other"}] { true }
                """, "");
        assertThat(violations).extracting(Violation::message).containsExactly("other", "same");
        assertThat(violations).allSatisfy(v -> assertThat(v.details().toString()).isEqualTo("{}"));
    }

    @Test
    void evaluate_noViolation_isEmpty() throws Exception {
        assertThat(evaluate("package k8stest\nviolation[{\"msg\": \"x\"}] { false }\n", "")).isEmpty();
    }

    @Test
    void evaluate_evaluationError_isOneViolationWithTheErrorText() throws Exception {
        List<Violation> violations = evaluate("""
                package k8stest
                name = "a" { true }
                name = "b" { true }
                violation[{"msg": name}] { true }
                """, "");
        assertThat(violations).hasSize(1);
        assertThat(violations.get(0).message()).contains("eval_conflict_error");
    }

    @Test
    void evaluate_resultWithoutStringMsg_isReportedAsInvalid() throws Exception {
        assertThat(evaluate("package k8stest\nviolation[{\"message\": \"x\"}] { true }\n", ""))
                .extracting(Violation::message)
                .containsExactly("invalid violation {\"message\":\"x\"}: a violation must be an object with a string msg");
    }

    @Test
    void evaluate_pastTheDeadline_isAViolation() throws Exception {
        RegoDriver slow = new RegoDriver(Duration.ofMillis(20));
        ConstraintTemplate template = template("""
                package k8stest
                violation[{"msg": "done"}] {
                  r := numbers.range(1, 5000)
                  count([1 | r[_]; r[_]]) > 0
                }
                """, List.of(), "");
        List<Violation> violations = slow.evaluate(slow.compile(template), constraint(template, ""),
                new ReviewContext(create(POD), null, EnforcementPoint.GATOR));
        assertThat(violations).hasSize(1);
        assertThat(violations.get(0).message()).contains("eval_cancel_error");
    }

    @Test
    void evaluate_inventory_readsClusterAndNamespacedObjects() throws Exception {
        JsonNode inventory = Inventory.of(List.of(
                YAML.readTree("{apiVersion: v1, kind: Namespace, metadata: {name: prod}}"),
                YAML.readTree("{apiVersion: apps/v1, kind: Deployment, metadata: {name: api, namespace: prod}}")));
        List<Violation> violations = evaluate("""
                package k8stest
                violation[{"msg": "namespace"}] { data.inventory.cluster["v1"].Namespace.prod }
                violation[{"msg": "deployment"}] { data.inventory.namespace.prod["apps/v1"].Deployment.api }
                violation[{"msg": "nothing"}] { data.inventory.namespace.dev }
                """, "", new ReviewContext(create(POD), null, EnforcementPoint.GATOR, inventory));
        assertThat(violations).extracting(Violation::message).containsExactly("deployment", "namespace");
    }

    @Test
    void evaluate_noInventory_inventoryIsEmpty() throws Exception {
        assertThat(evaluate("""
                package k8stest
                violation[{"msg": json.marshal(data.inventory)}] { true }
                """, "")).extracting(Violation::message).containsExactly("{}");
    }

    @Test
    void evaluate_largeIntegers_keepTheirPrecision() throws Exception {
        assertThat(evaluate("""
                package k8stest
                violation[{"msg": sprintf("%v", [n])}] { n := 1152921504606846976000 * 2 }
                """, "")).extracting(Violation::message).containsExactly("2305843009213693952000");
    }

    @Test
    void evaluate_templateCompiledOnce_constraintsEvaluatedMany() throws Exception {
        ConstraintTemplate template = template("""
                package k8stest
                violation[{"msg": input.parameters.m}] { true }
                """, List.of(), "");
        CompiledTemplate compiled = DRIVER.compile(template);
        ReviewContext context = new ReviewContext(create(POD), null, EnforcementPoint.GATOR);
        assertThat(DRIVER.evaluate(compiled, constraint(template, "{m: one}"), context))
                .extracting(Violation::message).containsExactly("one");
        assertThat(DRIVER.evaluate(compiled, constraint(template, "{m: two}"), context))
                .extracting(Violation::message).containsExactly("two");
    }
}
