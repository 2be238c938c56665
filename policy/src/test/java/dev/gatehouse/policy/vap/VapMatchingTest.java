package dev.gatehouse.policy.vap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.policy.cluster.StaticClusterState;
import dev.gatehouse.policy.review.GroupVersionKind;
import dev.gatehouse.policy.review.GroupVersionResource;
import dev.gatehouse.policy.review.Operation;
import dev.gatehouse.policy.review.Review;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** matchConstraints and binding matchResources select requests as the API server's matcher does. */
class VapMatchingTest {
    private static final StaticClusterState CLUSTER = StaticClusterState.of(List.of(
            new NamespaceBuilder().withNewMetadata().withName("shop").addToLabels("env", "prod").endMetadata().build()),
            List.of());

    private static final String POD_RULE =
            "{apiGroups: [\"\"], apiVersions: [v1], operations: [\"*\"], resources: [pods]}";

    private static final JsonNode POD = VapFixtures.yaml("""
            apiVersion: v1
            kind: Pod
            metadata: {name: debug, namespace: shop, labels: {app: web}}
            """);
    private static final JsonNode GHOST_POD = VapFixtures.yaml("""
            apiVersion: v1
            kind: Pod
            metadata: {name: debug, namespace: ghost}
            """);
    private static final JsonNode NAMESPACE = VapFixtures.yaml("""
            apiVersion: v1
            kind: Namespace
            metadata: {name: team-a, labels: {env: prod}}
            """);
    private static final JsonNode DEPLOYMENT = VapFixtures.yaml("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            """);

    private static Review create(JsonNode object) {
        return VapFixtures.review(Operation.CREATE, object, null);
    }

    private static Review podStatusUpdate() {
        return new Review("", new GroupVersionKind("", "v1", "Pod"), new GroupVersionResource("", "v1", "pods"),
                "status", "debug", "shop", Operation.UPDATE, null, POD, POD, false);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a rule naming the resource matches", "resourceRules: [" + POD_RULE + "]", "",
                        create(POD), "matched"),
                Arguments.of("another operation does not match",
                        "resourceRules: [{apiGroups: [\"\"], apiVersions: [v1], operations: [UPDATE], resources: [pods]}]",
                        "", create(POD), "none"),
                Arguments.of("another API group does not match", "resourceRules: [" + POD_RULE + "]", "",
                        create(DEPLOYMENT), "none"),
                Arguments.of("* matches main resources only, not sub-resources",
                        "resourceRules: [{apiGroups: [\"*\"], apiVersions: [\"*\"], operations: [\"*\"], resources: [\"*\"]}]",
                        "", podStatusUpdate(), "none"),
                Arguments.of("*/* matches sub-resources",
                        "resourceRules: [{apiGroups: [\"*\"], apiVersions: [\"*\"], operations: [\"*\"], resources: [\"*/*\"]}]",
                        "", podStatusUpdate(), "matched"),
                Arguments.of("pods/status matches the status sub-resource",
                        "resourceRules: [{apiGroups: [\"\"], apiVersions: [v1], operations: [UPDATE], resources: [pods/status]}]",
                        "", podStatusUpdate(), "matched"),
                Arguments.of("exclusion wins over inclusion", "resourceRules: [" + POD_RULE + "]\n"
                        + "    excludeResourceRules: [" + POD_RULE + "]", "", create(POD), "none"),
                Arguments.of("resourceNames limit the rule to those names",
                        "resourceRules: [{apiGroups: [\"\"], apiVersions: [v1], operations: [\"*\"], resources: [pods], "
                                + "resourceNames: [other]}]", "", create(POD), "none"),
                Arguments.of("Namespaced scope leaves out Namespace objects",
                        "resourceRules: [{apiGroups: [\"\"], apiVersions: [v1], operations: [\"*\"], resources: "
                                + "[namespaces], scope: Namespaced}]", "", create(NAMESPACE), "none"),
                Arguments.of("Cluster scope includes Namespace objects",
                        "resourceRules: [{apiGroups: [\"\"], apiVersions: [v1], operations: [\"*\"], resources: "
                                + "[namespaces], scope: Cluster}]", "", create(NAMESPACE), "matched"),
                Arguments.of("namespaceSelector matches the labels of the object's Namespace",
                        "resourceRules: [" + POD_RULE + "]\n    namespaceSelector: {matchLabels: {env: prod}}", "",
                        create(POD), "matched"),
                Arguments.of("namespaceSelector leaves out other Namespaces",
                        "resourceRules: [" + POD_RULE + "]\n    namespaceSelector: {matchLabels: {env: dev}}", "",
                        create(POD), "none"),
                Arguments.of("namespaceSelector reads a Namespace being created from the request",
                        "resourceRules: [{apiGroups: [\"\"], apiVersions: [v1], operations: [\"*\"], resources: "
                                + "[namespaces]}]\n    namespaceSelector: {matchLabels: {env: prod}}", "",
                        create(NAMESPACE), "matched"),
                Arguments.of("namespaceSelector on an unknown Namespace is a configuration error",
                        "resourceRules: [" + POD_RULE + "]\n    namespaceSelector: {matchLabels: {env: prod}}", "",
                        create(GHOST_POD), "ValidatingAdmissionPolicy 'p' denied request: failed to configure policy: "
                                + "namespaces \"ghost\" not found"),
                Arguments.of("objectSelector matches the object's labels",
                        "resourceRules: [" + POD_RULE + "]\n    objectSelector: {matchExpressions: [{key: app, "
                                + "operator: In, values: [web]}]}", "", create(POD), "matched"),
                Arguments.of("objectSelector matches the old object on DELETE",
                        "resourceRules: [" + POD_RULE + "]\n    objectSelector: {matchLabels: {app: web}}", "",
                        VapFixtures.review(Operation.DELETE, null, POD), "matched"),
                Arguments.of("objectSelector leaves out objects without the label",
                        "resourceRules: [" + POD_RULE + "]\n    objectSelector: {matchLabels: {app: db}}", "",
                        create(POD), "none"),
                Arguments.of("binding matchResources narrow the policy's match", "resourceRules: [" + POD_RULE + "]",
                        "matchResources: {namespaceSelector: {matchLabels: {env: dev}}}", create(POD), "none"),
                Arguments.of("binding matchResources without rules keep the policy's resources",
                        "resourceRules: [" + POD_RULE + "]",
                        "matchResources: {namespaceSelector: {matchLabels: {env: prod}}}", create(POD), "matched"),
                Arguments.of("binding selector on an unknown Namespace is a binding configuration error",
                        "resourceRules: [" + POD_RULE + "]",
                        "matchResources: {namespaceSelector: {matchLabels: {env: prod}}}", create(GHOST_POD),
                        "ValidatingAdmissionPolicy 'p' with binding 'b' denied request: failed to configure binding: "
                                + "namespaces \"ghost\" not found"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matches(String description, String matchConstraints, String bindingMatch, Review review, String expected) {
        String yaml = """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: p}
                spec:
                  matchConstraints:
                    %s
                  validations: [{expression: "false", message: matched}]
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: b}
                spec:
                  policyName: p
                  validationActions: [Deny]
                  %s
                """.formatted(matchConstraints, bindingMatch);
        PolicyOutcome outcome = VapFixtures.engine(yaml, CLUSTER).evaluateAdmissionPolicies(review);
        PolicyFailure denial = outcome.denial();
        switch (expected) {
            case "none" -> assertThat(outcome.failures()).isEmpty();
            case "matched" -> assertThat(denial).isNotNull().extracting(PolicyFailure::message).isEqualTo("matched");
            default -> assertThat(denial).isNotNull().extracting(PolicyFailure::denialMessage).isEqualTo(expected);
        }
    }
}
