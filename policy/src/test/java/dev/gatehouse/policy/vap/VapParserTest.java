package dev.gatehouse.policy.vap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.policy.constraint.LoadError;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Objects the API server would reject are reported field by field, with its wording; the rest loads. */
class VapParserTest {
    private static final String RULES = """
              matchConstraints:
                resourceRules:
                - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}
            """;

    private static String policy(String spec) {
        return "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\n"
                + "metadata: {name: p}\nspec:\n" + spec;
    }

    private static String binding(String spec) {
        return "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\n"
                + "metadata: {name: b}\nspec:\n" + spec;
    }

    static Stream<Arguments> badObjects() {
        return Stream.of(
                Arguments.of("validation without expression", policy(RULES + """
                          validations: [{message: hi}]
                        """), List.of("spec.validations[0].expression: Required value: expression is not specified")),
                Arguments.of("neither validations nor audit annotations", policy(RULES), List.of(
                        "spec.validations: Required value: validations or auditAnnotations must contain at least one item",
                        "spec.auditAnnotations: Required value: validations or auditAnnotations must contain at least one item")),
                Arguments.of("no matchConstraints", policy("""
                          validations: [{expression: "true"}]
                        """), List.of("spec.matchConstraints: Required value")),
                Arguments.of("matchConstraints without resource rules", policy("""
                          matchConstraints: {namespaceSelector: {}}
                          validations: [{expression: "true"}]
                        """), List.of("spec.matchConstraints.resourceRules: Required value")),
                Arguments.of("expression that does not parse", policy(RULES + """
                          validations: [{expression: "object.metadata.name =="}]
                        """), List.of("spec.validations[0].expression: Invalid value: \"object.metadata.name ==\": "
                        + "compilation failed: ERROR: <input>:1:")),
                Arguments.of("expression of the wrong type", policy(RULES + """
                          validations: [{expression: "'text'"}]
                        """), List.of("spec.validations[0].expression: Invalid value: \"'text'\": must evaluate to bool")),
                Arguments.of("params used without paramKind", policy(RULES + """
                          validations: [{expression: "params.x == 1"}]
                        """), List.of("spec.validations[0].expression: Invalid value: \"params.x == 1\": compilation "
                        + "failed: ERROR: <input>:1:1: undeclared reference to 'params'")),
                Arguments.of("unknown failurePolicy", policy(RULES + """
                          failurePolicy: Sometimes
                          validations: [{expression: "true"}]
                        """), List.of("spec.failurePolicy: Unsupported value: \"Sometimes\": supported values: "
                        + "\"Fail\", \"Ignore\"")),
                Arguments.of("unknown reason", policy(RULES + """
                          validations: [{expression: "true", reason: Teapot}]
                        """), List.of("spec.validations[0].reason: Unsupported value: \"Teapot\": supported values: "
                        + "\"Forbidden\", \"Invalid\", \"RequestEntityTooLarge\", \"Unauthorized\"")),
                Arguments.of("message with a line break", policy(RULES + """
                          validations: [{expression: "true", message: "a\\nb"}]
                        """), List.of("spec.validations[0].message: Invalid value: \"a\\nb\": message must not "
                        + "contain line breaks")),
                Arguments.of("variable referencing a later variable", policy(RULES + """
                          variables:
                          - {name: a, expression: "variables.b"}
                          - {name: b, expression: "1"}
                          validations: [{expression: "variables.a == 1"}]
                        """), List.of("spec.variables[0].expression: Invalid value: \"variables.b\": compilation "
                        + "failed: ERROR: <input>:1:10: undefined field 'b'")),
                Arguments.of("variable with a bad name", policy(RULES + """
                          variables: [{name: "1x", expression: "1"}]
                          validations: [{expression: "true"}]
                        """), List.of("spec.variables[0].name: Invalid value: \"1x\": name is not a valid CEL identifier")),
                Arguments.of("rule without operations and with a bad scope", policy("""
                          matchConstraints:
                            resourceRules:
                            - {apiGroups: [""], apiVersions: [v1], resources: [pods], scope: Galaxy}
                          validations: [{expression: "true"}]
                        """), List.of("spec.matchConstraints.resourceRules[0].operations: Required value",
                        "spec.matchConstraints.resourceRules[0].scope: Unsupported value: \"Galaxy\": supported "
                        + "values: \"*\", \"Cluster\", \"Namespaced\"")),
                Arguments.of("match condition without a name", policy(RULES + """
                          matchConditions: [{expression: "true"}]
                          validations: [{expression: "true"}]
                        """), List.of("spec.matchConditions[0].name: Required value")),
                Arguments.of("audit annotation returning an int", policy(RULES + """
                          auditAnnotations: [{key: k, valueExpression: "1"}]
                        """), List.of("spec.auditAnnotations[0].valueExpression: Invalid value: \"1\": must evaluate "
                        + "to one of [string null_type]")),
                Arguments.of("paramKind without kind", policy(RULES + """
                          paramKind: {apiVersion: v1}
                          validations: [{expression: "true"}]
                        """), List.of("spec.paramKind.kind: Required value")),
                Arguments.of("binding without policyName", binding("""
                          validationActions: [Deny]
                        """), List.of("spec.policyName: Required value")),
                Arguments.of("binding with an unknown validation action", binding("""
                          policyName: p
                          validationActions: [Deny, Block]
                        """), List.of("spec.validationActions[1]: Unsupported value: \"Block\": supported values: "
                        + "\"Audit\", \"Deny\", \"Warn\"")),
                Arguments.of("binding with Deny and Warn", binding("""
                          policyName: p
                          validationActions: [Deny, Warn]
                        """), List.of("spec.validationActions: Invalid value: [\"Deny\",\"Warn\"]: must not contain "
                        + "both Deny and Warn (repeating the same validation failure information in the API response "
                        + "and headers serves no purpose)")),
                Arguments.of("binding without validation actions", binding("""
                          policyName: p
                        """), List.of("spec.validationActions: Required value: at least one validation action is required")),
                Arguments.of("binding with a duplicate action", binding("""
                          policyName: p
                          validationActions: [Audit, Audit]
                        """), List.of("spec.validationActions[1]: Duplicate value: \"Audit\"")),
                Arguments.of("paramRef with name and selector and no action", binding("""
                          policyName: p
                          validationActions: [Deny]
                          paramRef: {name: x, selector: {}}
                        """), List.of("spec.paramRef.name: Forbidden: name and selector are mutually exclusive",
                        "spec.paramRef.selector: Forbidden: name and selector are mutually exclusive",
                        "spec.paramRef.parameterNotFoundAction: Required value")),
                Arguments.of("paramRef with neither name nor selector", binding("""
                          policyName: p
                          validationActions: [Deny]
                          paramRef: {parameterNotFoundAction: Allow}
                        """), List.of("spec.paramRef: Required value: one of name or selector must be specified")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badObjects")
    void rejectsWithUpstreamFieldErrors(String description, String yaml, List<String> expected) {
        List<String> errors = VapFixtures.errors(yaml);
        for (String e : expected) {
            String unescaped = e;
            assertThat(errors).anySatisfy(actual -> assertThat(actual).startsWith(unescaped));
        }
    }

    @Test
    void brokenObjectsAreReportedWithFileLineAndObjectAndTheRestLoads() {
        String yaml = policy(RULES + "  validations: [{expression: \"true\"}]\n") + "\n---\n"
                + policy(RULES + "  validations: [{message: x}]\n").replace("name: p}", "name: broken}") + "\n---\n"
                + binding("  policyName: broken\n  validationActions: [Deny]\n") + "\n---\n"
                + binding("  policyName: missing\n  validationActions: [Deny]\n").replace("name: b}", "name: c}");
        var loaded = VapFixtures.load(yaml);
        assertThat(loaded.admissionPolicies().policies()).extracting(ValidatingAdmissionPolicy::name)
                .containsExactly("p");
        assertThat(loaded.errors()).extracting(LoadError::toString).containsExactly(
                "test.yaml:11: ValidatingAdmissionPolicy/broken: spec.validations[0].expression: Required value: "
                        + "expression is not specified",
                "test.yaml:21: ValidatingAdmissionPolicyBinding/b: spec.policyName: the ValidatingAdmissionPolicy "
                        + "\"broken\" is invalid",
                "test.yaml:29: ValidatingAdmissionPolicyBinding/c: spec.policyName: no ValidatingAdmissionPolicy "
                        + "named \"missing\" is loaded");
    }

    @Test
    void hostileShapesAreFieldErrorsNotCrashes() {
        List<String> errors = VapFixtures.errors(policy("""
                  matchConstraints:
                    resourceRules: {a: b}
                    namespaceSelector: {matchExpressions: {a: b}}
                  variables: {x: y}
                  validations: "true"
                  matchConditions: 3
                """));
        assertThat(errors).contains(
                "spec.variables: Invalid value: {\"x\":\"y\"}: must be a list",
                "spec.validations: Invalid value: \"true\": must be a list",
                "spec.matchConditions: Invalid value: 3: must be a list",
                "spec.matchConstraints.resourceRules: Invalid value: {\"a\":\"b\"}: must be a list",
                "spec.matchConstraints.namespaceSelector: Invalid value: {\"matchExpressions\":{\"a\":\"b\"}}: "
                        + "must be a label selector");
    }

    @Test
    void unsupportedVersionsAreReportedNotIgnored() {
        String yaml = policy(RULES + "  validations: [{expression: \"true\"}]\n")
                .replace("admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1alpha1");
        var loaded = VapFixtures.load(yaml);
        assertThat(loaded.otherObjects()).isEmpty();
        assertThat(loaded.errors()).extracting(LoadError::toString).containsExactly("test.yaml:1: "
                + "ValidatingAdmissionPolicy/p: apiVersion: Unsupported value: \"admissionregistration.k8s.io/v1alpha1\": "
                + "supported values: \"admissionregistration.k8s.io/v1\", \"admissionregistration.k8s.io/v1beta1\"");
    }

    @Test
    void defaultsAreAppliedAsTheApiServerDoes() throws VapException {
        ValidatingAdmissionPolicy p = PolicyParser.parse(VapFixtures.yaml(policy(RULES
                + "  validations: [{expression: \"true\"}]\n")));
        assertThat(p.failurePolicy()).isEqualTo(dev.gatehouse.policy.constraint.FailurePolicy.FAIL);
        assertThat(p.matchConstraints().matchPolicy()).isEqualTo("Equivalent");
        assertThat(p.matchConstraints().resourceRules().get(0).scope()).isEqualTo("*");
        assertThat(p.validations().get(0).reason()).isEqualTo("Invalid");
    }
}
