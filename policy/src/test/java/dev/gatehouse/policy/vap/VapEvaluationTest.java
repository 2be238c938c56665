package dev.gatehouse.policy.vap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.policy.review.Decision;
import dev.gatehouse.policy.review.Operation;
import dev.gatehouse.policy.review.Review;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Messages, failure policies, validation actions, parameters, variables and audit annotations at request time. */
class VapEvaluationTest {
    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: debug, namespace: shop, labels: {team: a}}
            spec: {containers: [{name: c, image: busybox}]}
            """;

    private static final String PREFIX = "ValidatingAdmissionPolicy 'p' with binding 'b' denied request: ";

    /** A policy on pods with {@code spec} lines added, its binding with {@code binding} lines, then {@code extra}. */
    private static String policies(String spec, String binding, String extra) {
        return """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: p}
                spec:
                  matchConstraints:
                    resourceRules:
                    - {apiGroups: [""], apiVersions: [v1], operations: ["*"], resources: [pods]}
                %s
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: b}
                spec:
                  policyName: p
                %s
                """.formatted(indent(spec), indent(binding)) + (extra.isEmpty() ? "" : "---\n" + extra);
    }

    private static String indent(String lines) {
        return lines.lines().map(l -> "  " + l).reduce((a, b) -> a + "\n" + b).orElse("");
    }

    private static String summary(Decision d) {
        StringBuilder out = new StringBuilder(d.allowed() ? "allow" : "deny " + d.code() + ": " + d.message());
        d.warnings().forEach(w -> out.append(" | warning: ").append(w));
        return out.toString();
    }

    private static final String DENY = "validationActions: [Deny]";
    private static final String CONFIG_PARAMS = "paramKind: {apiVersion: v1, kind: ConfigMap}\n";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a true validation admits",
                        "validations: [{expression: \"object.metadata.name == 'debug'\"}]", DENY, "", "allow"),
                Arguments.of("a false validation without message reports the expression",
                        "validations: [{expression: \" object.metadata.name == 'x' \"}]", DENY, "",
                        "deny 422: " + PREFIX + "failed expression: object.metadata.name == 'x'"),
                Arguments.of("the static message is trimmed",
                        "validations: [{expression: \"false\", message: \"  no pods here  \"}]", DENY, "",
                        "deny 422: " + PREFIX + "no pods here"),
                Arguments.of("messageExpression wins over the message",
                        "validations: [{expression: \"false\", message: static, messageExpression: \"'pod ' + "
                                + "object.metadata.name\"}]", DENY, "", "deny 422: " + PREFIX + "pod debug"),
                Arguments.of("a failing messageExpression falls back to the message",
                        "validations: [{expression: \"false\", message: static, messageExpression: "
                                + "\"string(object.missing)\"}]", DENY, "", "deny 422: " + PREFIX + "static"),
                Arguments.of("a blank messageExpression result falls back to the message",
                        "validations: [{expression: \"false\", message: static, messageExpression: \"'  '\"}]", DENY,
                        "", "deny 422: " + PREFIX + "static"),
                Arguments.of("the reason sets the status code",
                        "validations: [{expression: \"false\", message: m, reason: Unauthorized}]", DENY, "",
                        "deny 401: " + PREFIX + "m"),
                Arguments.of("only the first denial is reported",
                        "validations:\n- {expression: \"false\", message: first}\n- {expression: \"false\", "
                                + "message: second}", DENY, "", "deny 422: " + PREFIX + "first"),
                Arguments.of("a runtime error denies under Fail",
                        "validations: [{expression: \"object.spec.nope == 1\"}]", DENY, "",
                        "deny 422: " + PREFIX + "expression 'object.spec.nope == 1' resulted in error: no such key: "
                                + "nope"),
                Arguments.of("a runtime error is ignored under Ignore",
                        "failurePolicy: Ignore\nvalidations: [{expression: \"object.spec.nope == 1\"}]", DENY, "",
                        "allow"),
                Arguments.of("a runtime error warns when the binding only warns",
                        "validations: [{expression: \"object.spec.nope == 1\"}]", "validationActions: [Warn]", "",
                        "allow | warning: Validation failed for ValidatingAdmissionPolicy 'p' with binding 'b': "
                                + "expression 'object.spec.nope == 1' resulted in error: no such key: nope"),
                Arguments.of("the per-expression cost limit stops an expensive expression",
                        "validations: [{expression: \"lists.range(2000000).size() > 0\"}]", DENY, "",
                        "deny 422: " + PREFIX + "expression 'lists.range(2000000).size() > 0' resulted in error: "
                                + "operation cancelled: actual cost limit exceeded"),
                Arguments.of("running out of the shared budget fails the whole pass",
                        "validations:\n" + "- {expression: \"lists.range(900000).size() == 0\"}\n".repeat(12), DENY, "",
                        "deny 422: " + PREFIX + "validation failed due to running out of cost budget, no further "
                                + "validation rules will be run"),
                Arguments.of("message expressions that run out of budget replace every message",
                        "validations:\n- {expression: \"false\", message: cheap}\n"
                                + "- {expression: \"false\", messageExpression: \"string(lists.range(900000).size())\"}\n"
                                        .repeat(12), "validationActions: [Warn]", "",
                        "allow" + (" | warning: Validation failed for ValidatingAdmissionPolicy 'p' with binding 'b': "
                                + "failed messageExpression: validation failed due to running out of cost budget, no "
                                + "further validation rules will be run").repeat(13)),
                Arguments.of("running out of the shared budget is ignored under Ignore",
                        "failurePolicy: Ignore\nvalidations:\n"
                                + "- {expression: \"lists.range(900000).size() == 0\"}\n".repeat(12), DENY, "", "allow"),
                Arguments.of("a false match condition skips the policy",
                        "matchConditions: [{name: only-web, expression: \"object.metadata.name == 'web'\"}]\n"
                                + "validations: [{expression: \"false\"}]", DENY, "", "allow"),
                Arguments.of("match condition errors deny under Fail",
                        "matchConditions: [{name: broken, expression: \"object.nope == 1\"}]\n"
                                + "validations: [{expression: \"false\"}]", DENY, "",
                        "deny 422: " + PREFIX + "expression 'object.nope == 1' resulted in error: no such key: nope"),
                Arguments.of("match condition errors skip the policy under Ignore",
                        "failurePolicy: Ignore\nmatchConditions: [{name: broken, expression: \"object.nope == 1\"}]\n"
                                + "validations: [{expression: \"false\"}]", DENY, "", "allow"),
                Arguments.of("Warn turns a failure into a warning",
                        "validations: [{expression: \"false\", message: careful}]", "validationActions: [Warn]", "",
                        "allow | warning: Validation failed for ValidatingAdmissionPolicy 'p' with binding 'b': careful"),
                Arguments.of("Audit alone admits without warning",
                        "validations: [{expression: \"false\", message: careful}]", "validationActions: [Audit]", "",
                        "allow"),
                Arguments.of("an unused failing variable does not fail the request",
                        "variables: [{name: bad, expression: \"object.nope\"}, {name: name, expression: "
                                + "\"object.metadata.name\"}]\nvalidations: [{expression: \"variables.name == 'debug'\"}]",
                        DENY, "", "allow"),
                Arguments.of("a failing variable reports its name",
                        "variables: [{name: bad, expression: \"object.nope\"}]\nvalidations: [{expression: "
                                + "\"variables.bad == 1\"}]", DENY, "",
                        "deny 422: " + PREFIX + "expression 'variables.bad == 1' resulted in error: composited "
                                + "variable \"bad\" fails to evaluate: no such key: nope"),
                Arguments.of("params by name come from the request's namespace",
                        CONFIG_PARAMS + "validations: [{expression: \"object.metadata.labels.team == params.data.team\","
                                + " messageExpression: \"'team must be ' + params.data.team\"}]",
                        DENY + "\nparamRef: {name: rules, parameterNotFoundAction: Deny}",
                        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: rules, namespace: shop}\ndata: {team: b}\n",
                        "deny 422: " + PREFIX + "team must be b"),
                Arguments.of("params not found with Allow do nothing",
                        CONFIG_PARAMS + "validations: [{expression: \"false\"}]",
                        DENY + "\nparamRef: {name: rules, parameterNotFoundAction: Allow}", "", "allow"),
                Arguments.of("params not found with Deny deny",
                        CONFIG_PARAMS + "validations: [{expression: \"false\"}]",
                        "validationActions: [Warn]\nparamRef: {name: rules, parameterNotFoundAction: Deny}", "",
                        "deny 422: " + PREFIX + "failed to configure binding: no params found for policy binding with "
                                + "`Deny` parameterNotFoundAction"),
                Arguments.of("params not found are ignored under Ignore",
                        "failurePolicy: Ignore\n" + CONFIG_PARAMS + "validations: [{expression: \"false\"}]",
                        DENY + "\nparamRef: {name: rules, parameterNotFoundAction: Deny}", "", "allow"),
                Arguments.of("a selector evaluates once per matching parameter object",
                        CONFIG_PARAMS + "validations: [{expression: \"false\", messageExpression: \"string(params.data.msg)\"}]",
                        "validationActions: [Warn]\nparamRef: {selector: {matchLabels: {use: \"yes\"}}, namespace: "
                                + "config, parameterNotFoundAction: Deny}",
                        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: one, namespace: config, labels: {use: \"yes\"}}"
                                + "\ndata: {msg: first}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: two, "
                                + "namespace: config, labels: {use: \"no\"}}\ndata: {msg: skipped}\n---\napiVersion: v1\n"
                                + "kind: ConfigMap\nmetadata: {name: three, namespace: config, labels: {use: \"yes\"}}\n"
                                + "data: {msg: third}\n",
                        "allow | warning: Validation failed for ValidatingAdmissionPolicy 'p' with binding 'b': first"
                                + " | warning: Validation failed for ValidatingAdmissionPolicy 'p' with binding 'b': third"),
                Arguments.of("a binding without paramRef evaluates with null params",
                        CONFIG_PARAMS + "validations: [{expression: \"params == null\", message: has params}]", DENY, "",
                        "allow"),
                Arguments.of("a cluster-scoped parameter kind must not name a namespace",
                        "paramKind: {apiVersion: v1, kind: Namespace}\nvalidations: [{expression: \"false\"}]",
                        DENY + "\nparamRef: {name: shop, namespace: x, parameterNotFoundAction: Deny}", "",
                        "deny 422: " + PREFIX + "failed to configure binding: paramRef.namespace must not be provided "
                                + "for a cluster-scoped `paramKind`"),
                Arguments.of("an audit annotation error denies under Fail, whatever the binding's actions",
                        "validations: [{expression: \"true\"}]\nauditAnnotations: [{key: k, valueExpression: "
                                + "\"string(object.nope)\"}]", "validationActions: [Audit]", "",
                        "deny 422: " + PREFIX + "expression 'string(object.nope)' resulted in error: no such key: nope"),
                Arguments.of("an audit annotation error is dropped under Ignore",
                        "failurePolicy: Ignore\nvalidations: [{expression: \"true\"}]\nauditAnnotations: [{key: k, "
                                + "valueExpression: \"string(object.nope)\"}]", DENY, "", "allow"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String description, String spec, String binding, String extra, String expected) {
        Review review = VapFixtures.create(POD);
        Decision d = VapFixtures.engine(policies(spec, binding, extra)).review(review);
        assertThat(summary(d)).isEqualTo(expected);
    }

    @Test
    void auditAnnotationsJoinDistinctValuesAcrossParametersAndOmitNull() {
        String yaml = policies(CONFIG_PARAMS + """
                auditAnnotations:
                - {key: level, valueExpression: "string(params.data.level)"}
                - {key: nothing, valueExpression: "null"}
                """, "validationActions: [Audit]\nparamRef: {selector: {}, parameterNotFoundAction: Deny}", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: a, namespace: shop}
                data: {level: high}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: b, namespace: shop}
                data: {level: low}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: c, namespace: shop}
                data: {level: high}
                """);
        Decision d = VapFixtures.engine(yaml).review(VapFixtures.create(POD));
        assertThat(d.allowed()).isTrue();
        assertThat(d.auditAnnotations()).containsExactly(java.util.Map.entry("p/level", "high, low"));
    }

    @Test
    void namespacedParamsForAClusterScopedRequestAreAConfigurationError() {
        String yaml = policies(CONFIG_PARAMS + "validations: [{expression: \"true\"}]", DENY
                + "\nparamRef: {name: rules, parameterNotFoundAction: Deny}", "").replace("resources: [pods]",
                "resources: [nodes]");
        Review node = VapFixtures.review(Operation.CREATE, VapFixtures.yaml("""
                apiVersion: v1
                kind: Node
                metadata: {name: n1}
                """), null);
        assertThat(VapFixtures.engine(yaml).review(node).message()).isEqualTo(PREFIX + "failed to configure "
                + "binding: cannot use namespaced paramRef in policy binding that matches cluster-scoped resources");
    }

    @Test
    void requestVariableCarriesOperationUserAndResource() {
        String yaml = policies("""
                validations:
                - expression: "request.operation == 'CREATE' && request.userInfo.username == 'alice' && request.resource.resource == 'pods' && request.namespace == 'shop' && namespaceObject == null"
                """, DENY, "");
        assertThat(summary(VapFixtures.engine(yaml).review(VapFixtures.create(POD)))).isEqualTo("allow");
    }
}
