package dev.gatehouse.policy.constraint.expansion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.policy.constraint.ConstraintException;
import dev.gatehouse.policy.constraint.EnforcementAction;
import dev.gatehouse.policy.review.GroupVersionKind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class ExpansionTemplateParserTest {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private static final String VALID = """
            apiVersion: expansion.gatekeeper.sh/v1beta1
            kind: ExpansionTemplate
            metadata: {name: expand-deployments}
            spec:
              applyTo:
              - groups: [apps]
                kinds: [Deployment, ReplicaSet]
                versions: [v1]
              templateSource: spec.template
              generatedGVK: {kind: Pod, group: "", version: v1}
              enforcementAction: warn
            """;

    @Test
    void parse_validTemplate_allFieldsRead() throws ConstraintException {
        ExpansionTemplate t = ExpansionTemplateParser.parse(YAML.readTree(VALID));
        assertThat(t.name()).isEqualTo("expand-deployments");
        assertThat(t.sourcePath()).containsExactly("spec", "template");
        assertThat(t.generatedKind()).isEqualTo(new GroupVersionKind("", "v1", "Pod"));
        assertThat(t.enforcementAction()).contains(EnforcementAction.WARN);
        assertThat(t.applyTo()).singleElement().isEqualTo(new ApplyTo(List.of("apps"), List.of("v1"),
                List.of("Deployment", "ReplicaSet")));
        assertThat(t.appliesTo(new GroupVersionKind("apps", "v1", "ReplicaSet"))).isTrue();
        assertThat(t.appliesTo(new GroupVersionKind("apps", "v1beta1", "Deployment"))).isFalse();
        assertThat(t.appliesTo(new GroupVersionKind("extensions", "v1", "Deployment"))).isFalse();
    }

    @Test
    void parse_v1alpha1WithoutEnforcementAction_keepsConstraintActions() throws ConstraintException {
        ExpansionTemplate t = ExpansionTemplateParser.parse(YAML.readTree(VALID
                .replace("v1beta1", "v1alpha1").replace("  enforcementAction: warn\n", "")));
        assertThat(t.enforcementAction()).isEqualTo(Optional.empty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            an unknown apiVersion is not an ExpansionTemplate | gatekeeper.sh/v1beta1 | gatekeeper.sh/v2 | apiVersion | not an ExpansionTemplate of expansion.gatekeeper.sh v1alpha1, v1beta1
            the name is required                   | '{name: expand-deployments}' | '{}' | metadata.name | ExpansionTemplate has empty name field
            the name is under 64 characters        | name: expand-deployments | name: expand-deployments-0123456789012345678901234567890123456789012345 | metadata.name | ExpansionTemplate name must be less than 64 characters
            the template source is required        | templateSource: spec.template | 'templateSource: ""' | spec.templateSource | ExpansionTemplate expand-deployments has empty source field
            the template source has no empty segment | templateSource: spec.template | templateSource: spec..template | spec.templateSource | Invalid value: "spec..template": must be field names separated by dots
            the template source is a string        | templateSource: spec.template | templateSource: [spec] | spec.templateSource | must be a string
            the generated kind is required         | 'generatedGVK: {kind: Pod, group: "", version: v1}' | 'generatedGVK: {}' | spec.generatedGVK | ExpansionTemplate expand-deployments has empty generatedGVK field
            the generated kind names a kind        | 'kind: Pod, group' | group | spec.generatedGVK.kind | Required value
            the generated kind names a version     | ', version: v1}' | '}' | spec.generatedGVK.version | Required value
            applyTo entries name kinds             | 'kinds: [Deployment, ReplicaSet]' | 'kinds: []' | spec.applyTo[0].kinds | Required value: at least one kind
            applyTo entries name groups as strings | 'groups: [apps]' | 'groups: [1]' | spec.applyTo[0].groups[0] | must be a string
            applyTo entries have no unknown fields | 'groups: [apps]' | 'group: [apps]' | spec.applyTo[0].group | unknown field "spec.applyTo[0].group"
            applyTo operations are admission operations | 'groups: [apps]' | 'groups: [apps]\\n    operations: [PATCH]' | spec.applyTo[0].operations | must be a list of CREATE, UPDATE, DELETE
            a template may not expand its own output | 'kind: Pod, group: ""' | 'kind: ReplicaSet, group: apps' | spec.applyTo | ExpansionTemplate expand-deployments generates GVK apps/v1, Kind=ReplicaSet, but also applies to that same GVK
            the enforcement action is deny, dryrun or warn | 'enforcementAction: warn' | 'enforcementAction: Warn' | spec.enforcementAction | 'Unsupported value: "Warn": supported values: "deny", "dryrun", "warn"'
            scoped is not an override              | 'enforcementAction: warn' | 'enforcementAction: scoped' | spec.enforcementAction | Unsupported value: "scoped"
            the spec has no unknown fields         | 'enforcementAction: warn' | 'enforcement: warn' | spec.enforcement | unknown field "spec.enforcement"
            """)
    void parse_invalidTemplate_errorNamesField(String rule, String from, String to, String field, String message) {
        assertThat(VALID).contains(from);
        JsonNode object = YAML.readTree(VALID.replace(from, to.replace("\\n", "\n")));
        assertThatThrownBy(() -> ExpansionTemplateParser.parse(object))
                .isInstanceOfSatisfying(ConstraintException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void parse_noApplyTo_upstreamMessage() {
        JsonNode object = YAML.readTree(VALID.replaceAll("(?s)  applyTo:.*?versions: \\[v1]\n", ""));
        assertThatThrownBy(() -> ExpansionTemplateParser.parse(object))
                .isInstanceOfSatisfying(ConstraintException.class, e -> {
                    assertThat(e.field()).isEqualTo("spec.applyTo");
                    assertThat(e.getMessage()).isEqualTo("ExpansionTemplate expand-deployments must specify ApplyTo");
                });
    }

    @Test
    void isExpansionTemplate_onlyTheExpansionGroup() {
        assertThat(ExpansionTemplateParser.isExpansionTemplate(YAML.readTree(VALID))).isTrue();
        assertThat(ExpansionTemplateParser.isExpansionTemplate(YAML.readTree(
                "{apiVersion: mutations.gatekeeper.sh/v1, kind: ExpansionTemplate}"))).isFalse();
    }
}
