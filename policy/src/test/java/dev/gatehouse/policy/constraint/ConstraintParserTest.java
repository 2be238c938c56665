package dev.gatehouse.policy.constraint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class ConstraintParserTest {
    static final String TEMPLATE = """
            apiVersion: templates.gatekeeper.sh/v1
            kind: ConstraintTemplate
            metadata: {name: k8sreplicas}
            spec:
              crd:
                spec:
                  names: {kind: K8sReplicas}
                  validation:
                    openAPIV3Schema:
                      type: object
                      required: [max]
                      properties:
                        max: {type: integer, minimum: 1}
                        mode: {type: string, enum: [strict, lax]}
                        owners: {type: array, items: {type: string}}
              targets:
              - target: admission.k8s.gatekeeper.sh
                code:
                - engine: K8sNativeValidation
                  source:
                    validations: [{expression: "true"}]
            """;

    static ConstraintTemplate template() throws ConstraintException {
        return TemplateParser.parse(TemplateParserTest.yaml(TEMPLATE));
    }

    static JsonNode constraint(String spec) {
        return TemplateParserTest.yaml("""
                apiVersion: constraints.gatekeeper.sh/v1beta1
                kind: K8sReplicas
                metadata: {name: max-replicas}
                spec:
                """ + spec.indent(2));
    }

    @Test
    void parse_noAction_defaultsToDeny() throws Exception {
        Constraint c = ConstraintParser.parse(constraint("parameters: {max: 3}"), template());
        assertThat(c.enforcementAction()).isEqualTo(EnforcementAction.DENY);
        assertThat(c.actionsAt(EnforcementPoint.VALIDATION)).containsExactly(EnforcementAction.DENY);
        assertThat(c.parameters().path("max").asInt()).isEqualTo(3);
    }

    @Test
    void parse_scopedActions_applyPerEnforcementPoint() throws Exception {
        Constraint c = ConstraintParser.parse(constraint("""
                enforcementAction: scoped
                scopedEnforcementActions:
                - action: warn
                  enforcementPoints: [{name: validation.gatekeeper.sh}]
                - action: deny
                  enforcementPoints: [{name: audit.gatekeeper.sh}, {name: gator.gatekeeper.sh}]
                - action: dryrun
                  enforcementPoints: [{name: "*"}]
                parameters: {max: 3}
                """), template());
        assertThat(c.actionsAt(EnforcementPoint.VALIDATION))
                .isEqualTo(Set.of(EnforcementAction.WARN, EnforcementAction.DRYRUN));
        assertThat(c.actionsAt(EnforcementPoint.GATOR))
                .isEqualTo(Set.of(EnforcementAction.DENY, EnforcementAction.DRYRUN));
        assertThat(c.actionsAt(EnforcementPoint.VAP)).isEqualTo(Set.of(EnforcementAction.DRYRUN));
    }

    static Stream<Arguments> badConstraints() {
        return Stream.of(
                Arguments.of("parameter of the wrong type", "parameters: {max: three}", "spec.parameters.max",
                        "must be of type integer"),
                Arguments.of("required parameter missing", "parameters: {mode: strict}", "spec.parameters.max",
                        "Required value"),
                Arguments.of("value outside the enum", "parameters: {max: 1, mode: loose}", "spec.parameters.mode",
                        "Unsupported value: \"loose\""),
                Arguments.of("below the minimum", "parameters: {max: 0}", "spec.parameters.max",
                        "greater than or equal to 1"),
                Arguments.of("list item of the wrong type", "parameters: {max: 1, owners: [a, 2]}",
                        "spec.parameters.owners[1]", "must be of type string"),
                Arguments.of("unknown enforcement action", "enforcementAction: block\nparameters: {max: 1}",
                        "spec.enforcementAction", "Unsupported value: \"block\""),
                Arguments.of("scoped without scoped actions", "enforcementAction: scoped\nparameters: {max: 1}",
                        "spec.scopedEnforcementActions", "Required value"),
                Arguments.of("unknown enforcement point", """
                        enforcementAction: scoped
                        scopedEnforcementActions: [{action: deny, enforcementPoints: [{name: nowhere}]}]
                        """, "spec.scopedEnforcementActions[0].enforcementPoints[0].name", "Unsupported value"),
                Arguments.of("bad excluded namespace pattern", "match: {excludedNamespaces: [\"kube*system*x\"]}",
                        "spec.match.excludedNamespaces[0]", "should match"),
                Arguments.of("bad label selector operator",
                        "match: {labelSelector: {matchExpressions: [{key: a, operator: Is}]}}",
                        "spec.match.labelSelector.matchExpressions[0].operator", "Unsupported value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConstraints")
    void parse_invalidConstraint_namesTheField(String description, String spec, String field, String message) {
        assertThatThrownBy(() -> ConstraintParser.parse(constraint(spec), template()))
                .isInstanceOfSatisfying(ConstraintException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void parse_nameNotDns1123_rejected() {
        JsonNode c = TemplateParserTest.yaml("""
                apiVersion: constraints.gatekeeper.sh/v1beta1
                kind: K8sReplicas
                metadata: {name: Max_Replicas}
                """);
        assertThatThrownBy(() -> ConstraintParser.parse(c, template()))
                .isInstanceOfSatisfying(ConstraintException.class,
                        e -> assertThat(e.field()).isEqualTo("metadata.name"));
    }
}
