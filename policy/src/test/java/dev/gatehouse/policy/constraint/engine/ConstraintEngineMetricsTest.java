package dev.gatehouse.policy.constraint.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.policy.cluster.StaticClusterState;
import dev.gatehouse.policy.constraint.Constraint;
import dev.gatehouse.policy.constraint.ConstraintLoader;
import dev.gatehouse.policy.constraint.ConstraintTemplate;
import dev.gatehouse.policy.constraint.EnforcementAction;
import dev.gatehouse.policy.constraint.EnforcementPoint;
import dev.gatehouse.policy.constraint.LoadedConstraints;
import dev.gatehouse.policy.constraint.driver.cel.CelDriver;
import dev.gatehouse.policy.constraint.engine.ConstraintMetrics.AdmissionStatus;
import dev.gatehouse.policy.document.ManifestReader;
import dev.gatehouse.policy.review.ClusterState;
import dev.gatehouse.policy.review.Decision;
import dev.gatehouse.policy.review.GroupVersionKind;
import dev.gatehouse.policy.review.GroupVersionResource;
import dev.gatehouse.policy.review.Operation;
import dev.gatehouse.policy.review.Review;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** What {@link ConstraintEngine#review} reports to its {@link ConstraintMetrics}. */
class ConstraintEngineMetricsTest {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private static final String TEMPLATE = """
            apiVersion: templates.gatekeeper.sh/v1
            kind: ConstraintTemplate
            metadata: {name: k8sneedslabel}
            spec:
              crd:
                spec:
                  names: {kind: K8sNeedsLabel}
                  validation:
                    openAPIV3Schema: {type: object, properties: {label: {type: string}}}
              targets:
              - target: admission.k8s.gatekeeper.sh
                code:
                - engine: K8sNativeValidation
                  source:
                    validations:
                    - expression: "has(object.metadata.labels) && variables.params.label in object.metadata.labels"
                      messageExpression: "'missing label ' + variables.params.label"
            """;

    private static final String CONSTRAINTS = """
            apiVersion: constraints.gatekeeper.sh/v1beta1
            kind: K8sNeedsLabel
            metadata: {name: deny-team}
            spec:
              match: {kinds: [{apiGroups: [""], kinds: [Pod]}]}
              parameters: {label: team}
            ---
            apiVersion: constraints.gatekeeper.sh/v1beta1
            kind: K8sNeedsLabel
            metadata: {name: warn-owner}
            spec:
              match: {kinds: [{apiGroups: [""], kinds: [Pod]}]}
              enforcementAction: warn
              parameters: {label: owner}
            ---
            apiVersion: constraints.gatekeeper.sh/v1beta1
            kind: K8sNeedsLabel
            metadata: {name: dryrun-cost}
            spec:
              match: {kinds: [{apiGroups: [""], kinds: [Pod]}]}
              enforcementAction: dryrun
              parameters: {label: cost}
            ---
            apiVersion: constraints.gatekeeper.sh/v1beta1
            kind: K8sNeedsLabel
            metadata: {name: scoped-tier}
            spec:
              match: {kinds: [{apiGroups: [""], kinds: [Pod]}]}
              enforcementAction: scoped
              scopedEnforcementActions:
              - {action: warn, enforcementPoints: [{name: validation.gatekeeper.sh}]}
              - {action: dryrun, enforcementPoints: [{name: validation.gatekeeper.sh}]}
              - {action: deny, enforcementPoints: [{name: audit.gatekeeper.sh}]}
              parameters: {label: tier}
            """;

    /** Records every call, in order, as text. */
    private static final class RecordingMetrics implements ConstraintMetrics {
        final List<String> calls = new ArrayList<>();

        @Override
        public void recordRequest(AdmissionStatus status, boolean dryRun, long nanos) {
            assertThat(nanos).isNotNegative();
            calls.add("request " + status.label() + " dryRun=" + dryRun);
        }

        @Override
        public void recordViolation(Constraint constraint, EnforcementAction action) {
            calls.add("violation " + constraint.describe() + " " + action.value());
        }
    }

    private static ConstraintEngine engine(String yaml) {
        LoadedConstraints loaded = ConstraintLoader.load(ManifestReader.readString("policies.yaml", yaml));
        ConstraintEngine engine = ConstraintEngine.builder().driver(new CelDriver()).load(loaded).build();
        assertThat(engine.errors()).isEmpty();
        return engine;
    }

    private static Review pod(String labels, boolean dryRun) {
        JsonNode pod = YAML.readTree("{apiVersion: v1, kind: Pod, metadata: {name: web, namespace: shop, labels: "
                + labels + "}}");
        return new Review("uid-1", new GroupVersionKind("", "v1", "Pod"), new GroupVersionResource("", "v1", "pods"),
                "", "web", "shop", Operation.CREATE, null, pod, null, dryRun);
    }

    static Stream<Arguments> reviews() {
        return Stream.of(
                Arguments.of("a deny violation denies; every violation is reported with its action",
                        "{}", false, List.of(
                                "violation K8sNeedsLabel/deny-team deny",
                                "violation K8sNeedsLabel/warn-owner warn",
                                "violation K8sNeedsLabel/dryrun-cost dryrun",
                                "violation K8sNeedsLabel/scoped-tier dryrun",
                                "violation K8sNeedsLabel/scoped-tier warn",
                                "request deny dryRun=false")),
                Arguments.of("warn and dryrun violations alone allow, and are still reported",
                        "{team: a}", false, List.of(
                                "violation K8sNeedsLabel/warn-owner warn",
                                "violation K8sNeedsLabel/dryrun-cost dryrun",
                                "violation K8sNeedsLabel/scoped-tier dryrun",
                                "violation K8sNeedsLabel/scoped-tier warn",
                                "request allow dryRun=false")),
                Arguments.of("a compliant dry-run request is an allow with admission_dryrun true",
                        "{team: a, owner: b, cost: c, tier: d}", true, List.of("request allow dryRun=true")),
                Arguments.of("a denied dry-run request is a deny with admission_dryrun true",
                        "{owner: b, cost: c, tier: d}", true, List.of(
                                "violation K8sNeedsLabel/deny-team deny",
                                "request deny dryRun=true")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reviews")
    void review_reportsViolationsThenTheRequest(String behaviour, String labels, boolean dryRun,
            List<String> expected) {
        RecordingMetrics metrics = new RecordingMetrics();
        ConstraintEngine engine = engine(TEMPLATE + "---\n" + CONSTRAINTS).withMetrics(metrics);

        engine.review(pod(labels, dryRun));

        assertThat(metrics.calls).containsExactlyElementsOf(expected);
    }

    @Test
    void review_engineFailure_reportedAsErrorAndRethrown() {
        RecordingMetrics metrics = new RecordingMetrics();
        ClusterState broken = new ClusterState() {
            @Override
            public Optional<Namespace> namespace(String name) {
                throw new IllegalStateException("informer gone");
            }

            @Override
            public List<Pod> pods(String namespace) {
                return List.of();
            }
        };
        ConstraintEngine engine = engine(TEMPLATE + "---\n" + CONSTRAINTS).withMetrics(metrics)
                .withClusterState(broken);

        assertThatThrownBy(() -> engine.review(pod("{}", false))).hasMessage("informer gone");
        assertThat(metrics.calls).containsExactly("request error dryRun=false");
    }

    @Test
    void review_objectThatCannotBeExpanded_isAnError() {
        RecordingMetrics metrics = new RecordingMetrics();
        ConstraintEngine engine = engine(TEMPLATE + "---\n" + CONSTRAINTS + """
                ---
                apiVersion: expansion.gatekeeper.sh/v1alpha1
                kind: ExpansionTemplate
                metadata: {name: expand-deployments}
                spec:
                  applyTo: [{groups: [apps], kinds: [Deployment], versions: [v1]}]
                  templateSource: spec.podTemplate
                  generatedGVK: {kind: Pod, group: "", version: v1}
                """).withMetrics(metrics);
        JsonNode deployment = YAML.readTree("{apiVersion: apps/v1, kind: Deployment, metadata: {name: web,"
                + " namespace: shop}, spec: {template: {metadata: {labels: {}}}}}");
        Review review = new Review("uid-2", new GroupVersionKind("apps", "v1", "Deployment"),
                new GroupVersionResource("apps", "v1", "deployments"), "", "web", "shop", Operation.CREATE, null,
                deployment, null, false);

        Decision decision = engine.review(review);

        assertThat(decision.code()).isEqualTo(500);
        assertThat(metrics.calls).containsExactly("request error dryRun=false");
    }

    @Test
    void review_failingMetrics_doNotChangeTheDecision() {
        ConstraintMetrics throwing = new ConstraintMetrics() {
            @Override
            public void recordRequest(AdmissionStatus status, boolean dryRun, long nanos) {
                throw new IllegalStateException("registry closed");
            }

            @Override
            public void recordViolation(Constraint constraint, EnforcementAction action) {
                throw new IllegalStateException("registry closed");
            }
        };
        ConstraintEngine engine = engine(TEMPLATE + "---\n" + CONSTRAINTS);

        Decision plain = engine.review(pod("{team: a}", false));
        Decision measured = engine.withMetrics(throwing).review(pod("{team: a}", false));

        assertThat(measured).isEqualTo(plain);
        assertThat(measured.warnings()).hasSize(2);
    }

    @Test
    void evaluate_auditAndCliEvaluations_reportNothing() {
        RecordingMetrics metrics = new RecordingMetrics();
        ConstraintEngine engine = engine(TEMPLATE + "---\n" + CONSTRAINTS).withMetrics(metrics);

        assertThat(engine.evaluate(pod("{}", false), EnforcementPoint.AUDIT).violations()).isNotEmpty();
        assertThat(metrics.calls).isEmpty();
    }

    @Test
    void withClusterState_keepsTheMetrics() {
        RecordingMetrics metrics = new RecordingMetrics();
        ConstraintEngine engine = engine(TEMPLATE + "---\n" + CONSTRAINTS).withMetrics(metrics)
                .withClusterState(StaticClusterState.EMPTY).withInventory(null)
                .withoutExpansion();

        engine.review(pod("{team: a, owner: b, cost: c, tier: d}", false));

        assertThat(metrics.calls).containsExactly("request allow dryRun=false");
    }

    @Test
    void templates_oneEntryPerLoadedTemplate() {
        assertThat(engine(TEMPLATE).templates()).extracting(ConstraintTemplate::kind).containsExactly("K8sNeedsLabel");
    }
}
