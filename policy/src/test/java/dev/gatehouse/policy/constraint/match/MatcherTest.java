package dev.gatehouse.policy.constraint.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class MatcherTest {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private static final String POD = "{apiVersion: v1, kind: Pod, metadata: {name: web-1, namespace: prod,"
            + " labels: {app: web}}}";
    private static final String GENERATED_POD = "{apiVersion: v1, kind: Pod, metadata: {generateName: web-,"
            + " namespace: prod}}";
    private static final String NAMESPACE = "{apiVersion: v1, kind: Namespace, metadata: {name: kube-system,"
            + " labels: {tier: system}}}";
    private static final String CLUSTER_ROLE = "{apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole,"
            + " metadata: {name: admin}}";
    private static final String PROD = "{apiVersion: v1, kind: Namespace, metadata: {name: prod,"
            + " labels: {env: production}}}";

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("empty match selects everything", "{}", POD, null, true),
                Arguments.of("kinds selects the core Pod", "{kinds: [{apiGroups: [''], kinds: [Pod]}]}", POD, null,
                        true),
                Arguments.of("kinds with another group does not select a core Pod",
                        "{kinds: [{apiGroups: [apps], kinds: [Pod]}]}", POD, null, false),
                Arguments.of("kinds wildcard group", "{kinds: [{apiGroups: ['*'], kinds: [ClusterRole]}]}",
                        CLUSTER_ROLE, null, true),
                Arguments.of("any kinds entry suffices",
                        "{kinds: [{apiGroups: [apps], kinds: [Deployment]}, {kinds: [Pod]}]}", POD, null, true),
                Arguments.of("scope Cluster selects a Namespace", "{scope: Cluster}", NAMESPACE, null, true),
                Arguments.of("scope Cluster skips a Pod", "{scope: Cluster}", POD, null, false),
                Arguments.of("scope Namespaced skips a ClusterRole", "{scope: Namespaced}", CLUSTER_ROLE, null,
                        false),
                Arguments.of("scope other than the two selects all", "{scope: '*'}", CLUSTER_ROLE, null, true),
                Arguments.of("namespaces exact", "{namespaces: [prod]}", POD, null, true),
                Arguments.of("namespaces prefix glob", "{namespaces: ['pr*']}", POD, null, true),
                Arguments.of("namespaces suffix glob misses", "{namespaces: ['*-system']}", POD, null, false),
                Arguments.of("namespaces compare a Namespace's own name", "{namespaces: ['kube-*']}", NAMESPACE,
                        null, true),
                Arguments.of("cluster-scoped objects pass namespaces", "{namespaces: [prod]}", CLUSTER_ROLE, null,
                        true),
                Arguments.of("excludedNamespaces infix glob", "{excludedNamespaces: ['*ro*']}", POD, null, false),
                Arguments.of("excludedNamespaces other", "{excludedNamespaces: [kube-system]}", POD, null, true),
                Arguments.of("labelSelector matchLabels", "{labelSelector: {matchLabels: {app: web}}}", POD, null,
                        true),
                Arguments.of("labelSelector NotIn",
                        "{labelSelector: {matchExpressions: [{key: app, operator: NotIn, values: [web]}]}}", POD,
                        null, false),
                Arguments.of("labelSelector DoesNotExist",
                        "{labelSelector: {matchExpressions: [{key: team, operator: DoesNotExist}]}}", POD, null,
                        true),
                Arguments.of("namespaceSelector on the object's Namespace",
                        "{namespaceSelector: {matchLabels: {env: production}}}", POD, PROD, true),
                Arguments.of("namespaceSelector on a Namespace itself",
                        "{namespaceSelector: {matchLabels: {tier: system}}}", NAMESPACE, null, true),
                Arguments.of("namespaceSelector passes cluster-scoped objects",
                        "{namespaceSelector: {matchLabels: {env: x}}}", CLUSTER_ROLE, null, true),
                Arguments.of("name exact", "{name: web-1}", POD, null, true),
                Arguments.of("name prefix glob", "{name: 'web-*'}", POD, null, true),
                Arguments.of("name prefix glob matches generateName", "{name: 'web*'}", GENERATED_POD, null, true),
                Arguments.of("name exact never matches generateName", "{name: web-}", GENERATED_POD, null, false),
                Arguments.of("source Generated skips original objects", "{source: Generated}", POD, null, false),
                Arguments.of("source Original", "{source: Original}", POD, null, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void matches(String description, String match, String object, String namespace, boolean expected)
            throws Exception {
        assertThat(Matcher.matches(Match.parse(YAML.readTree(match), "spec.match"), target(object, namespace)))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void matches_namespaceUnknown_isAnError(String description, String match) {
        assertThatThrownBy(() -> Matcher.matches(Match.parse(YAML.readTree(match), "spec.match"), target(POD, null)))
                .isInstanceOf(MatchException.class)
                .hasMessageContaining("prod");
    }

    static Stream<Arguments> errors() {
        return Stream.of(Arguments.of("namespaceSelector for a namespaced object without its Namespace",
                "{namespaceSelector: {matchLabels: {env: production}}}"));
    }

    private static MatchTarget target(String object, String namespace) {
        JsonNode o = YAML.readTree(object);
        String apiVersion = o.path("apiVersion").asString();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return new MatchTarget(group, o.path("kind").asString(), o,
                namespace == null ? null : YAML.readTree(namespace), false);
    }
}
