package dev.gatehouse.policy.constraint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.policy.review.Operation;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class TemplateParserTest {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    static final String GOOD = """
            apiVersion: templates.gatekeeper.sh/v1
            kind: ConstraintTemplate
            metadata: {name: k8srequiredlabels}
            spec:
              crd:
                spec:
                  names: {kind: K8sRequiredLabels}
                  validation:
                    openAPIV3Schema:
                      type: object
                      properties:
                        labels: {type: array, items: {type: string}}
              targets:
              - target: admission.k8s.gatekeeper.sh
                operations: [CREATE, UPDATE]
                code:
                - engine: K8sNativeValidation
                  source:
                    variables: [{name: labels, expression: "variables.params.labels"}]
                    validations:
                    - expression: "true"
                      message: "ok"
                - engine: Rego
                  source:
                    version: v1
                    rego: "package k8srequiredlabels"
                    libs: ["package lib.helpers"]
            """;

    static JsonNode yaml(String text) {
        return YAML.readTree(text);
    }

    @Test
    void parse_v1TemplateWithBothEngines_keepsCelAndRegoSources() throws Exception {
        ConstraintTemplate t = TemplateParser.parse(yaml(GOOD));
        assertThat(t.kind()).isEqualTo("K8sRequiredLabels");
        assertThat(t.legacySchema()).isFalse();
        assertThat(t.parameterSchema().path("properties").has("labels")).isTrue();
        assertThat(t.cel()).get().satisfies(cel -> {
            assertThat(cel.variables()).extracting(CelSource.NamedExpression::name).containsExactly("labels");
            assertThat(cel.failurePolicy()).isEqualTo(FailurePolicy.FAIL);
        });
        assertThat(t.rego()).get().satisfies(rego -> {
            assertThat(rego.v1()).isTrue();
            assertThat(rego.libs()).containsExactly("package lib.helpers");
        });
        assertThat(t.operations()).containsExactlyInAnyOrder(Operation.CREATE, Operation.UPDATE);
    }

    @Test
    void parse_v1beta1InlineRego_defaultsToLegacySchema() throws Exception {
        ConstraintTemplate t = TemplateParser.parse(yaml("""
                apiVersion: templates.gatekeeper.sh/v1beta1
                kind: ConstraintTemplate
                metadata: {name: k8sdeny}
                spec:
                  crd: {spec: {names: {kind: K8sDeny}}}
                  targets:
                  - target: admission.k8s.gatekeeper.sh
                    rego: "package k8sdeny"
                    libs: []
                """));
        assertThat(t.legacySchema()).isTrue();
        assertThat(t.parameterSchema()).isNull();
        assertThat(t.rego()).get().extracting(RegoSource::rego).isEqualTo("package k8sdeny");
        assertThat(t.cel()).isEmpty();
    }

    static Stream<Arguments> badTemplates() {
        return Stream.of(
                Arguments.of("name differs from the lowercase kind", "metadata: {name: k8srequiredlabels}",
                        "metadata: {name: other}", "metadata.name",
                        "the ConstraintTemplate's name \"other\" is not equal to the lowercase of CRD's Kind"),
                Arguments.of("kind missing", "names: {kind: K8sRequiredLabels}", "names: {}",
                        "spec.crd.spec.names.kind", "Required value"),
                Arguments.of("unknown target", "target: admission.k8s.gatekeeper.sh", "target: other.target",
                        "spec.targets[0].target", "unknown target \"other.target\""),
                Arguments.of("no targets", "targets:\n  - target: admission.k8s.gatekeeper.sh",
                        "targets: []\n  x:\n  - target: admission.k8s.gatekeeper.sh", "spec.targets",
                        "exactly one target"),
                Arguments.of("reserved variable params", "{name: labels,", "{name: params,",
                        "spec.targets[0].code[0].source.variables[0].name", "is reserved"),
                Arguments.of("reserved variable prefix", "{name: labels,", "{name: gatekeeper_internal_x,",
                        "spec.targets[0].code[0].source.variables[0].name", "is reserved"),
                Arguments.of("schema type unknown", "labels: {type: array", "labels: {type: list",
                        "spec.crd.spec.validation.openAPIV3Schema.properties[labels].type", "Unsupported value"),
                Arguments.of("structural schema without a type", "labels: {type: array, items: {type: string}}",
                        "labels: {items: {type: string}}",
                        "spec.crd.spec.validation.openAPIV3Schema.properties[labels].type", "Required value"),
                Arguments.of("unknown operation", "operations: [CREATE, UPDATE]", "operations: [PATCH]",
                        "spec.targets[0].operations[0]", "Unsupported value: \"PATCH\""),
                Arguments.of("validation without expression", "- expression: \"true\"", "- expression: \"\"",
                        "spec.targets[0].code[0].source.validations[0].expression", "must be a non-empty string"),
                Arguments.of("wrong apiVersion", "templates.gatekeeper.sh/v1", "templates.gatekeeper.sh/v2",
                        "apiVersion", "not a ConstraintTemplate"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTemplates")
    void parse_invalidTemplate_namesTheField(String description, String from, String to, String field,
            String message) {
        JsonNode template = yaml(GOOD.replace(from, to));
        assertThatThrownBy(() -> TemplateParser.parse(template))
                .isInstanceOfSatisfying(ConstraintException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(message);
                });
    }
}
