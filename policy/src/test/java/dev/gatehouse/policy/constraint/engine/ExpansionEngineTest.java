package dev.gatehouse.policy.constraint.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.policy.cluster.StaticClusterState;
import dev.gatehouse.policy.constraint.ConstraintLoader;
import dev.gatehouse.policy.constraint.EnforcementAction;
import dev.gatehouse.policy.constraint.EnforcementPoint;
import dev.gatehouse.policy.constraint.LoadError;
import dev.gatehouse.policy.constraint.LoadedConstraints;
import dev.gatehouse.policy.constraint.driver.cel.CelDriver;
import dev.gatehouse.policy.constraint.driver.rego.RegoDriver;
import dev.gatehouse.policy.document.ManifestReader;
import dev.gatehouse.policy.review.Decision;
import dev.gatehouse.policy.review.GroupVersionKind;
import dev.gatehouse.policy.review.GroupVersionResource;
import dev.gatehouse.policy.review.Operation;
import dev.gatehouse.policy.review.Review;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The engine reviewing workloads together with the Pods (and Jobs) they would create. */
class ExpansionEngineTest {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** A Rego template and a CEL template about Pods, and a Rego template that shows the shape of input.review. */
    private static final String TEMPLATES = """
            apiVersion: templates.gatekeeper.sh/v1
            kind: ConstraintTemplate
            metadata: {name: k8sdisallowlatest}
            spec:
              crd: {spec: {names: {kind: K8sDisallowLatest}}}
              targets:
              - target: admission.k8s.gatekeeper.sh
                rego: |
                  package k8sdisallowlatest
                  violation[{"msg": msg}] {
                    c := input.review.object.spec.containers[_]
                    endswith(c.image, ":latest")
                    msg := sprintf("container <%v> uses the latest tag", [c.name])
                  }
            ---
            apiVersion: templates.gatekeeper.sh/v1
            kind: ConstraintTemplate
            metadata: {name: k8snoprivileged}
            spec:
              crd: {spec: {names: {kind: K8sNoPrivileged}}}
              targets:
              - target: admission.k8s.gatekeeper.sh
                code:
                - engine: K8sNativeValidation
                  source:
                    validations:
                    - expression: >-
                        !object.spec.containers.exists(c, has(c.securityContext)
                        && has(c.securityContext.privileged) && c.securityContext.privileged)
                      message: privileged containers are not allowed
            ---
            apiVersion: templates.gatekeeper.sh/v1
            kind: ConstraintTemplate
            metadata: {name: k8sshowreview}
            spec:
              crd: {spec: {names: {kind: K8sShowReview}}}
              targets:
              - target: admission.k8s.gatekeeper.sh
                rego: |
                  package k8sshowreview
                  violation[{"msg": msg}] {
                    msg := sprintf("operation %v user %v", [object.get(input.review, "operation", "none"),
                      object.get(input.review, ["userInfo", "username"], "none")])
                  }
            """;

    private static final String POD_CONSTRAINTS = """
            apiVersion: constraints.gatekeeper.sh/v1beta1
            kind: K8sDisallowLatest
            metadata: {name: disallow-latest}
            spec:
              match: {kinds: [{apiGroups: [""], kinds: [Pod]}]}
            ---
            apiVersion: constraints.gatekeeper.sh/v1beta1
            kind: K8sNoPrivileged
            metadata: {name: no-privileged}
            spec:
              match: {kinds: [{apiGroups: [""], kinds: [Pod]}]}
            """;

    /** The ExpansionTemplates of Gatekeeper's documentation: pod controllers, and CronJobs through Jobs. */
    private static final String EXPANSIONS = """
            apiVersion: expansion.gatekeeper.sh/v1alpha1
            kind: ExpansionTemplate
            metadata: {name: expand-deployments}
            spec:
              applyTo:
              - {groups: [apps], kinds: [DaemonSet, Deployment, ReplicaSet, StatefulSet], versions: [v1]}
              - {groups: [""], kinds: [ReplicationController], versions: [v1]}
              - {groups: [batch], kinds: [Job], versions: [v1]}
              templateSource: spec.template
              generatedGVK: {kind: Pod, group: "", version: v1}
            ---
            apiVersion: expansion.gatekeeper.sh/v1beta1
            kind: ExpansionTemplate
            metadata: {name: expand-cronjobs}
            spec:
              applyTo:
              - {groups: [batch], kinds: [CronJob], versions: [v1]}
              templateSource: spec.jobTemplate
              generatedGVK: {kind: Job, group: batch, version: v1}
            """;

    private static final String POD_SPEC = """
            spec:
              containers:
              - {name: app, image: "shop/app:latest", securityContext: {privileged: true}}
            """;

    private static ConstraintEngine engine(String policies) {
        LoadedConstraints loaded = ConstraintLoader.load(ManifestReader.readString("policies.yaml", policies));
        assertThat(loaded.errors()).isEmpty();
        ConstraintEngine engine = ConstraintEngine.builder().driver(new CelDriver()).driver(new RegoDriver())
                .load(loaded).build();
        assertThat(engine.errors()).isEmpty();
        return engine;
    }

    private static ConstraintEngine standard() {
        return engine(TEMPLATES + "---\n" + POD_CONSTRAINTS + "---\n" + EXPANSIONS);
    }

    /** A workload in namespace shop whose pod template has one privileged container with a latest image. */
    private static JsonNode workload(String apiVersion, String kind) {
        String template = "template:\n  metadata: {labels: {app: web}}\n" + POD_SPEC.indent(2);
        if (kind.equals("CronJob")) {
            template = "jobTemplate:\n  spec:\n" + template.indent(4);
        }
        return YAML.readTree("apiVersion: " + apiVersion + "\nkind: " + kind
                + "\nmetadata: {name: web, namespace: shop}\nspec:\n" + template.indent(2));
    }

    private static Review create(JsonNode object) {
        String apiVersion = object.path("apiVersion").asString();
        int slash = apiVersion.indexOf('/');
        GroupVersionKind kind = new GroupVersionKind(slash < 0 ? "" : apiVersion.substring(0, slash),
                apiVersion.substring(slash + 1), object.path("kind").asString());
        return new Review("uid-7", kind, new GroupVersionResource(kind.group(), kind.version(), "things"), "",
                object.path("metadata").path("name").asString(), object.path("metadata").path("namespace").asString(),
                Operation.CREATE, new Review.UserInfo("alice", "", List.of(), null), object, null, false);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a Deployment is reviewed with its Pod              | apps/v1  | Deployment
            a ReplicaSet is reviewed with its Pod              | apps/v1  | ReplicaSet
            a StatefulSet is reviewed with its Pod             | apps/v1  | StatefulSet
            a DaemonSet is reviewed with its Pod               | apps/v1  | DaemonSet
            a ReplicationController is reviewed with its Pod   | v1       | ReplicationController
            a Job is reviewed with its Pod                     | batch/v1 | Job
            a CronJob is reviewed with the Pod of its Job      | batch/v1 | CronJob
            """)
    void evaluate_podController_podViolationsImpliedByTemplate(String behaviour, String apiVersion, String kind) {
        ReviewOutcome outcome = standard().evaluate(create(workload(apiVersion, kind)), EnforcementPoint.GATOR);
        assertThat(outcome.errors()).isEmpty();
        assertThat(outcome.violations()).extracting(v -> v.constraint().name() + " " + v.action() + " " + v.message())
                .containsExactlyInAnyOrder(
                        "disallow-latest DENY [Implied by expand-deployments] container <app> uses the latest tag",
                        "no-privileged DENY [Implied by expand-deployments] privileged containers are not allowed");
    }

    @Test
    void evaluate_kindWithoutTemplate_onlyTheObjectItself() {
        ReviewOutcome outcome = standard().evaluate(create(workload("apps/v1", "ControllerRevision")),
                EnforcementPoint.GATOR);
        assertThat(outcome.violations()).isEmpty();
    }

    @Test
    void review_deploymentAtTheWebhook_deniedWithConstraintAndTemplateNames() {
        Decision decision = standard().review(create(workload("apps/v1", "Deployment")));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.code()).isEqualTo(403);
        assertThat(decision.message().lines().sorted()).containsExactly(
                "[disallow-latest] [Implied by expand-deployments] container <app> uses the latest tag",
                "[no-privileged] [Implied by expand-deployments] privileged containers are not allowed");
    }

    @Test
    void review_templateEnforcementActionWarn_overridesDenyAndScopedActions() {
        ConstraintEngine engine = engine(TEMPLATES + """
                ---
                apiVersion: constraints.gatekeeper.sh/v1beta1
                kind: K8sDisallowLatest
                metadata: {name: disallow-latest}
                spec:
                  enforcementAction: scoped
                  scopedEnforcementActions:
                  - {action: deny, enforcementPoints: [{name: validation.gatekeeper.sh}]}
                  - {action: dryrun, enforcementPoints: [{name: "*"}]}
                  match: {kinds: [{apiGroups: [""], kinds: [Pod]}]}
                ---
                apiVersion: constraints.gatekeeper.sh/v1beta1
                kind: K8sNoPrivileged
                metadata: {name: no-privileged}
                spec:
                  match: {kinds: [{apiGroups: [""], kinds: [Pod]}]}
                ---
                """ + EXPANSIONS.replace("generatedGVK: {kind: Pod,", "enforcementAction: warn\n  generatedGVK: {kind: Pod,"));
        Review deployment = create(workload("apps/v1", "Deployment"));
        Decision decision = engine.review(deployment);
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.warnings()).containsExactlyInAnyOrder(
                "[disallow-latest] [Implied by expand-deployments] container <app> uses the latest tag",
                "[no-privileged] [Implied by expand-deployments] privileged containers are not allowed");
        // In audit the scoped constraint is dryrun; the template's action wins there too.
        assertThat(engine.evaluate(deployment, EnforcementPoint.AUDIT).violations())
                .extracting(ConstraintViolation::action).containsOnly(EnforcementAction.WARN).hasSize(2);
    }

    @Test
    void evaluate_matchSource_originalSkipsGeneratedPodsAndGeneratedSkipsSentPods() {
        ConstraintEngine engine = engine(TEMPLATES + """
                ---
                apiVersion: constraints.gatekeeper.sh/v1beta1
                kind: K8sDisallowLatest
                metadata: {name: sent-only}
                spec:
                  match: {source: Original, kinds: [{apiGroups: [""], kinds: [Pod]}]}
                ---
                apiVersion: constraints.gatekeeper.sh/v1beta1
                kind: K8sNoPrivileged
                metadata: {name: generated-only}
                spec:
                  match: {source: Generated, kinds: [{apiGroups: [""], kinds: [Pod]}]}
                ---
                """ + EXPANSIONS);
        assertThat(engine.evaluate(create(workload("apps/v1", "Deployment")), EnforcementPoint.GATOR).violations())
                .extracting(v -> v.constraint().name()).containsExactly("generated-only");
        JsonNode pod = YAML.readTree("apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\n"
                + POD_SPEC);
        assertThat(engine.evaluate(create(pod), EnforcementPoint.GATOR).violations())
                .extracting(v -> v.constraint().name()).containsExactly("sent-only");
    }

    @Test
    void review_generatedPodAtTheWebhook_regoSeesAPlainObjectNotTheRequest() {
        ConstraintEngine engine = engine(TEMPLATES + """
                ---
                apiVersion: constraints.gatekeeper.sh/v1beta1
                kind: K8sShowReview
                metadata: {name: show}
                ---
                """ + EXPANSIONS);
        Decision decision = engine.review(create(workload("apps/v1", "Deployment")));
        assertThat(decision.message().lines()).containsExactly("[show] operation CREATE user alice",
                "[show] [Implied by expand-deployments] operation none user none");
    }

    @Test
    void evaluate_namespaceSelector_generatedPodSeesTheWorkloadsNamespace() {
        ConstraintEngine engine = engine(TEMPLATES + """
                ---
                apiVersion: constraints.gatekeeper.sh/v1beta1
                kind: K8sNoPrivileged
                metadata: {name: prod-only}
                spec:
                  match: {kinds: [{apiGroups: [""], kinds: [Pod]}], namespaceSelector: {matchLabels: {env: prod}}}
                ---
                """ + EXPANSIONS);
        Review deployment = create(workload("apps/v1", "Deployment"));
        StaticClusterState prod = StaticClusterState.EMPTY.withNamespace(new NamespaceBuilder().withNewMetadata()
                .withName("shop").addToLabels("env", "prod").endMetadata().build());
        StaticClusterState dev = StaticClusterState.EMPTY.withNamespace(new NamespaceBuilder().withNewMetadata()
                .withName("shop").addToLabels("env", "dev").endMetadata().build());
        assertThat(engine.withClusterState(prod).evaluate(deployment, EnforcementPoint.AUDIT).violations())
                .extracting(ConstraintViolation::message)
                .containsExactly("[Implied by expand-deployments] privileged containers are not allowed");
        assertThat(engine.withClusterState(dev).evaluate(deployment, EnforcementPoint.AUDIT).violations()).isEmpty();
    }

    @Test
    void review_sourceFieldMissing_requestFailsWithTheExpansionError() {
        ConstraintEngine engine = engine(TEMPLATES + "---\n" + POD_CONSTRAINTS + "---\n"
                + EXPANSIONS.replace("templateSource: spec.template", "templateSource: spec.podTemplate"));
        Review deployment = create(workload("apps/v1", "Deployment"));
        assertThat(engine.evaluate(deployment, EnforcementPoint.AUDIT).errors())
                .containsExactly("could not find source field \"spec.podTemplate\" in resource web");
        Decision decision = engine.review(deployment);
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.code()).isEqualTo(500);
        assertThat(decision.message())
                .isEqualTo("unable to expand object: could not find source field \"spec.podTemplate\" in resource web");
        // Only the kinds a template applies to are expanded: a Pod is reviewed as before.
        assertThat(engine.evaluate(create(YAML.readTree("{apiVersion: v1, kind: Pod, metadata: {name: p},"
                + " spec: {containers: []}}")), EnforcementPoint.AUDIT).errors()).isEmpty();
    }

    @Test
    void review_deleteOfAWorkload_expandsTheOldObject() {
        JsonNode old = workload("apps/v1", "Deployment");
        Review delete = new Review("u", new GroupVersionKind("apps", "v1", "Deployment"),
                new GroupVersionResource("apps", "v1", "deployments"), "", "web", "shop", Operation.DELETE, null,
                null, old, false);
        assertThat(standard().evaluate(delete, EnforcementPoint.VALIDATION).violations()).hasSize(2);
    }

    @Test
    void withoutExpansion_reviewsTheObjectAlone() {
        assertThat(standard().withoutExpansion().evaluate(create(workload("apps/v1", "Deployment")),
                EnforcementPoint.GATOR).violations()).isEmpty();
    }

    @Test
    void load_invalidAndCyclicExpansionTemplates_errorsNameFileObjectAndField() {
        LoadedConstraints loaded = ConstraintLoader.load(ManifestReader.readString("expansions.yaml", EXPANSIONS + """
                ---
                apiVersion: expansion.gatekeeper.sh/v1alpha1
                kind: ExpansionTemplate
                metadata: {name: broken}
                spec:
                  applyTo: [{groups: [apps], kinds: [Deployment], versions: [v1]}]
                  generatedGVK: {kind: Pod, version: v1}
                ---
                apiVersion: expansion.gatekeeper.sh/v1alpha1
                kind: ExpansionTemplate
                metadata: {name: jobs-from-pods}
                spec:
                  applyTo: [{groups: [""], kinds: [Pod], versions: [v1]}]
                  templateSource: spec
                  generatedGVK: {kind: Job, group: batch, version: v1}
                """));
        assertThat(loaded.expansionTemplates()).extracting(t -> t.name()).containsExactly("expand-cronjobs");
        assertThat(loaded.otherObjects()).isEmpty();
        assertThat(loaded.errors()).extracting(LoadError::toString).containsExactly(
                "expansions.yaml:21: ExpansionTemplate/broken: spec.templateSource: ExpansionTemplate broken has empty"
                        + " source field",
                "expansions.yaml:1: ExpansionTemplate/expand-deployments: template forms expansion cycle with"
                        + " ExpansionTemplates expand-deployments, jobs-from-pods",
                "expansions.yaml:28: ExpansionTemplate/jobs-from-pods: template forms expansion cycle with"
                        + " ExpansionTemplates expand-deployments, jobs-from-pods");
    }
}
