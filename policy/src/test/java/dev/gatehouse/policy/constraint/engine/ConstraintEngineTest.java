package dev.gatehouse.policy.constraint.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.policy.constraint.ConstraintLoader;
import dev.gatehouse.policy.constraint.EnforcementAction;
import dev.gatehouse.policy.constraint.EnforcementPoint;
import dev.gatehouse.policy.constraint.LoadError;
import dev.gatehouse.policy.constraint.LoadedConstraints;
import dev.gatehouse.policy.constraint.driver.cel.CelDriver;
import dev.gatehouse.policy.document.ManifestReader;
import dev.gatehouse.policy.review.Decision;
import dev.gatehouse.policy.review.GroupVersionKind;
import dev.gatehouse.policy.review.GroupVersionResource;
import dev.gatehouse.policy.review.Operation;
import dev.gatehouse.policy.review.Review;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class ConstraintEngineTest {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Path LIBRARY = Path.of(System.getProperty("gatehouse.gatekeeperLibrary",
            "/work/shared/conformance/gatekeeper-library"));

    private static final String TEMPLATE = """
            apiVersion: templates.gatekeeper.sh/v1
            kind: ConstraintTemplate
            metadata: {name: k8sneedsteam}
            spec:
              crd:
                spec:
                  names: {kind: K8sNeedsTeam}
                  validation:
                    openAPIV3Schema: {type: object, properties: {label: {type: string}}}
              targets:
              - target: admission.k8s.gatekeeper.sh
                code:
                - engine: K8sNativeValidation
                  source:
                    variables:
                    - {name: labels, expression: "has(variables.anyObject.metadata.labels) ? variables.anyObject.metadata.labels : {}"}
                    validations:
                    - expression: "variables.params.label in variables.labels"
                      messageExpression: "'missing label ' + variables.params.label"
                    - expression: "object.metadata.name.size() < 10"
                      message: "name too long"
            ---
            apiVersion: templates.gatekeeper.sh/v1
            kind: ConstraintTemplate
            metadata: {name: k8sregoonly}
            spec:
              crd: {spec: {names: {kind: K8sRegoOnly}}}
              targets:
              - target: admission.k8s.gatekeeper.sh
                rego: |
                  package k8sregoonly
                  violation[{"msg": "no"}] { true }
            """;

    private static final String CONSTRAINTS = """
            apiVersion: constraints.gatekeeper.sh/v1beta1
            kind: K8sNeedsTeam
            metadata: {name: deny-team}
            spec:
              match: {kinds: [{apiGroups: [""], kinds: [Pod]}]}
              parameters: {label: team}
            ---
            apiVersion: constraints.gatekeeper.sh/v1beta1
            kind: K8sNeedsTeam
            metadata: {name: warn-owner}
            spec:
              enforcementAction: warn
              parameters: {label: owner}
            ---
            apiVersion: constraints.gatekeeper.sh/v1beta1
            kind: K8sNeedsTeam
            metadata: {name: dryrun-cost}
            spec:
              enforcementAction: dryrun
              parameters: {label: cost}
            ---
            apiVersion: constraints.gatekeeper.sh/v1beta1
            kind: K8sRegoOnly
            metadata: {name: rego-only}
            ---
            apiVersion: constraints.gatekeeper.sh/v1beta1
            kind: K8sNeedsTeam
            metadata: {name: bad-params}
            spec:
              parameters: {label: [not, a, string]}
            ---
            apiVersion: constraints.gatekeeper.sh/v1beta1
            kind: K8sUnknown
            metadata: {name: orphan}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: [broken
            """;

    private static ConstraintEngine engine(EnginePreference preference) {
        LoadedConstraints loaded = ConstraintLoader.load(ManifestReader.readString("policies.yaml",
                TEMPLATE + "---\n" + CONSTRAINTS));
        return ConstraintEngine.builder().driver(new CelDriver()).preference(preference).load(loaded).build();
    }

    private static Review pod(String yaml) {
        JsonNode pod = YAML.readTree(yaml);
        return new Review("uid-1", new GroupVersionKind("", "v1", "Pod"), new GroupVersionResource("", "v1", "pods"),
                "", pod.path("metadata").path("name").asString(), "default", Operation.CREATE, null, pod, null,
                false);
    }

    @Test
    void load_badDocuments_reportedWithFileObjectAndField() {
        List<LoadError> errors = engine(EnginePreference.AUTO).errors();
        assertThat(errors).extracting(LoadError::toString).anySatisfy(e -> assertThat(e)
                .startsWith("policies.yaml:").contains("K8sNeedsTeam/bad-params: spec.parameters.label")
                .contains("must be of type string"));
        assertThat(errors).extracting(LoadError::message).contains("no ConstraintTemplate defines kind K8sUnknown");
        assertThat(errors).anySatisfy(e -> assertThat(e.source()).isEqualTo("policies.yaml"));
        assertThat(errors).hasSize(3);
    }

    @Test
    void review_violations_denyWarnAndDryrunByAction() {
        Decision decision = engine(EnginePreference.AUTO).review(pod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: a-very-long-name, namespace: default}
                """));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.code()).isEqualTo(403);
        assertThat(decision.message()).isEqualTo("[deny-team] missing label team\n[deny-team] name too long");
        assertThat(decision.warnings()).containsExactly("[warn-owner] missing label owner",
                "[warn-owner] name too long");
        assertThat(decision.auditAnnotations().get(ConstraintEngine.DRYRUN_ANNOTATION))
                .contains("\"constraint\":\"dryrun-cost\"").contains("missing label cost");
    }

    @Test
    void review_compliantPod_allowed() {
        Decision decision = engine(EnginePreference.AUTO).review(pod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: ok, namespace: default, labels: {team: a, owner: b, cost: c}}
                """));
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.warnings()).isEmpty();
    }

    @Test
    void evaluate_regoOnlyTemplate_reportedAsSkippedNotDropped() {
        ConstraintEngine engine = engine(EnginePreference.CEL);
        assertThat(engine.unavailable()).containsKey("K8sRegoOnly");
        ReviewOutcome outcome = engine.evaluate(pod("{apiVersion: v1, kind: Pod, metadata: {name: x,"
                + " labels: {team: a, owner: b, cost: c}}}"), EnforcementPoint.GATOR);
        assertThat(outcome.skipped()).singleElement().satisfies(s -> {
            assertThat(s.constraint().name()).isEqualTo("rego-only");
            assertThat(s.reason()).contains("needs the Rego engine");
        });
    }

    @Test
    void evaluate_namespaceSelectorWithoutNamespace_autorejects() {
        LoadedConstraints loaded = ConstraintLoader.load(ManifestReader.readString("p.yaml", TEMPLATE + """
                ---
                apiVersion: constraints.gatekeeper.sh/v1beta1
                kind: K8sNeedsTeam
                metadata: {name: by-namespace}
                spec:
                  match: {namespaceSelector: {matchLabels: {env: prod}}}
                  parameters: {label: team}
                """));
        ConstraintEngine engine = ConstraintEngine.builder().driver(new CelDriver()).load(loaded).build();
        ReviewOutcome outcome = engine.evaluate(pod("{apiVersion: v1, kind: Pod, metadata: {name: x,"
                + " namespace: nowhere}}"), EnforcementPoint.VALIDATION);
        assertThat(outcome.violations()).singleElement().satisfies(v -> {
            assertThat(v.autoreject()).isTrue();
            assertThat(v.message()).startsWith("unable to match constraints: ");
        });
    }

    @Test
    void review_scopedConstraint_actionChosenByEnforcementPoint() {
        LoadedConstraints loaded = ConstraintLoader.load(ManifestReader.readString("p.yaml", TEMPLATE + """
                ---
                apiVersion: constraints.gatekeeper.sh/v1beta1
                kind: K8sNeedsTeam
                metadata: {name: scoped-team}
                spec:
                  enforcementAction: scoped
                  scopedEnforcementActions:
                  - {action: warn, enforcementPoints: [{name: validation.gatekeeper.sh}]}
                  - {action: deny, enforcementPoints: [{name: audit.gatekeeper.sh}]}
                  parameters: {label: team}
                """));
        ConstraintEngine engine = ConstraintEngine.builder().driver(new CelDriver()).load(loaded).build();
        Review review = pod("{apiVersion: v1, kind: Pod, metadata: {name: x}}");
        Decision decision = engine.review(review);
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.warnings()).containsExactly("[scoped-team] missing label team");
        assertThat(engine.evaluate(review, EnforcementPoint.AUDIT).violations())
                .extracting(ConstraintViolation::action).containsExactly(EnforcementAction.DENY);
        assertThat(engine.evaluate(review, EnforcementPoint.GATOR).violations()).isEmpty();
    }

    @Test
    void review_delete_evaluatesTheOldObjectThroughAnyObject() {
        ConstraintEngine engine = engine(EnginePreference.AUTO);
        JsonNode old = YAML.readTree("{apiVersion: v1, kind: Pod, metadata: {name: old, labels: {owner: o,"
                + " cost: c}}}");
        Review delete = new Review("u", new GroupVersionKind("", "v1", "Pod"),
                new GroupVersionResource("", "v1", "pods"), "", "old", "default", Operation.DELETE, null, null, old,
                false);
        Decision decision = engine.review(delete);
        assertThat(decision.allowed()).isFalse();
        // object is null on DELETE: the template's second validation, which reads object directly, fails.
        assertThat(decision.message()).startsWith("[deny-team] missing label team\n")
                .contains("[deny-team] expression 'object.metadata.name.size() < 10' resulted in error: ");
    }

    @Test
    void celDriver_libraryRequiredLabels_violationsAsGatorExpects() throws Exception {
        Path dir = LIBRARY.resolve("library/general/requiredlabels");
        assumeTrue(Files.isDirectory(dir), "Gatekeeper library not found at " + LIBRARY);
        LoadedConstraints loaded = ConstraintLoader.load(ManifestReader.read(List.of(
                dir.resolve("template.yaml").toString(),
                dir.resolve("samples/all-must-have-owner/constraint.yaml").toString()), InputStream.nullInputStream()));
        assertThat(loaded.errors()).isEmpty();
        ConstraintEngine engine = ConstraintEngine.builder().driver(new CelDriver()).load(loaded).build();
        assertThat(engine.errors()).isEmpty();
        JsonNode disallowed = YAML.readTree(dir.resolve("samples/all-must-have-owner/example_disallowed.yaml")
                .toFile());
        JsonNode allowed = YAML.readTree(dir.resolve("samples/all-must-have-owner/example_allowed.yaml").toFile());
        assertThat(engine.evaluate(namespace(disallowed), EnforcementPoint.GATOR).violations())
                .extracting(ConstraintViolation::message)
                .containsExactly("missing required label, requires all of: owner", "regex mismatch");
        assertThat(engine.evaluate(namespace(allowed), EnforcementPoint.GATOR).violations()).isEmpty();
    }

    @Test
    void celDriver_libraryCapabilities_updateIsExemptCreateIsNot() throws Exception {
        Path dir = LIBRARY.resolve("library/pod-security-policy/capabilities");
        assumeTrue(Files.isDirectory(dir), "Gatekeeper library not found at " + LIBRARY);
        Path samples = dir.resolve("samples/psp-capabilities-baseline");
        LoadedConstraints loaded = ConstraintLoader.load(ManifestReader.read(List.of(
                dir.resolve("template.yaml").toString(), samples.resolve("constraint.yaml").toString()),
                InputStream.nullInputStream()));
        ConstraintEngine engine = ConstraintEngine.builder().driver(new CelDriver())
                .preference(EnginePreference.CEL).load(loaded).build();
        assertThat(engine.errors()).isEmpty();
        JsonNode update = YAML.readTree(samples.resolve("update.yaml").toFile());
        JsonNode pod = update.path("request").path("object");
        Review create = pod(pod.toString());
        assertThat(engine.evaluate(create, EnforcementPoint.GATOR).violations())
                .extracting(ConstraintViolation::message)
                .anySatisfy(m -> assertThat(m).startsWith("containers have disallowed capabilities"));
        Review asUpdate = new Review("", create.kind(), create.resource(), "", create.name(), create.namespace(),
                Operation.UPDATE, null, pod, pod, false);
        assertThat(engine.evaluate(asUpdate, EnforcementPoint.GATOR).violations()).isEmpty();
    }

    private static Review namespace(JsonNode ns) {
        return new Review("", new GroupVersionKind("", "v1", "Namespace"),
                new GroupVersionResource("", "v1", "namespaces"), "", ns.path("metadata").path("name").asString(),
                "", Operation.CREATE, null, ns, null, false);
    }
}
