package dev.gatehouse.policy.constraint.gator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.policy.constraint.driver.cel.CelDriver;
import dev.gatehouse.policy.constraint.driver.rego.RegoDriver;
import dev.gatehouse.policy.constraint.engine.EnginePreference;
import dev.gatehouse.policy.document.ManifestReader;
import dev.gatehouse.policy.podsecurity.Level;
import dev.gatehouse.policy.podsecurity.LevelVersion;
import dev.gatehouse.policy.podsecurity.Version;
import dev.gatehouse.policy.podsecurity.config.PodSecurityConfiguration;
import dev.gatehouse.policy.podsecurity.offline.PodSecurityManifestChecker;
import dev.gatehouse.policy.report.Finding;
import dev.gatehouse.policy.report.ObjectResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class GatorTestRunnerTest {

    private static final String TEMPLATE = """
            apiVersion: templates.gatekeeper.sh/v1
            kind: ConstraintTemplate
            metadata: {name: k8sdenyall}
            spec:
              crd: {spec: {names: {kind: K8sDenyAll}}}
              targets:
              - target: admission.k8s.gatekeeper.sh
                rego: |
                  package k8sdenyall
                  violation[{"msg": sprintf("denied %v", [input.review.object.metadata.name])}] { true }
            """;

    private static String constraint(String name, String action) {
        return """
                apiVersion: constraints.gatekeeper.sh/v1beta1
                kind: K8sDenyAll
                metadata: {name: %s}
                spec:
                  enforcementAction: %s
                """.formatted(name, action);
    }

    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p, namespace: ns}
            spec:
              hostPID: true
              containers: [{name: c, image: i}]
            """;

    private static GatorTestResult run(PodSecurityManifestChecker podSecurity, String... documents) {
        return new GatorTestRunner(List.of(new CelDriver(), new RegoDriver()), EnginePreference.AUTO, podSecurity)
                .run(ManifestReader.readString("in.yaml", String.join("---\n", documents)));
    }

    @Test
    void everyActionBecomesAFindingWithTheConstraintAsRuleAndTheMatchingSeverity() {
        GatorTestResult result = run(null, TEMPLATE, constraint("a", "deny"), constraint("b", "warn"),
                constraint("c", "dryrun"), POD);
        assertThat(result.templates()).isEqualTo(1);
        assertThat(result.constraints()).isEqualTo(3);
        assertThat(result.errors()).isEmpty();
        ObjectResult pod = result.report().objects().get(0);
        assertThat(pod.findings()).extracting(Finding::ruleId, Finding::severity, Finding::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("K8sDenyAll/a", Finding.Severity.DENY, "denied p"),
                org.assertj.core.groups.Tuple.tuple("K8sDenyAll/b", Finding.Severity.WARN, "denied p"),
                org.assertj.core.groups.Tuple.tuple("K8sDenyAll/c", Finding.Severity.DRYRUN, "denied p"));
        assertThat(result.denied()).isTrue();
    }

    @Test
    void warnAndDryrunAloneDoNotDeny() {
        assertThat(run(null, TEMPLATE, constraint("b", "warn"), constraint("c", "dryrun"), POD).denied()).isFalse();
    }

    @Test
    void policyObjectsAreInventoryButAreNotReviewed() {
        GatorTestResult result = run(null, TEMPLATE, constraint("a", "deny"), """
                apiVersion: expansion.gatekeeper.sh/v1alpha1
                kind: ExpansionTemplate
                metadata: {name: e}
                """, """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: v}
                """, POD);
        assertThat(result.report().objects()).extracting(ObjectResult::kind).containsExactly("Pod");
    }

    @Test
    void podSecurityFindingsFollowTheConstraintFindingsOfTheSameObject() {
        PodSecurityManifestChecker checker = new PodSecurityManifestChecker(PodSecurityConfiguration.DEFAULT,
                LevelVersion.of(Level.BASELINE, Version.LATEST), Map.of(), "default");
        GatorTestResult result = run(checker, TEMPLATE, constraint("a", "warn"), POD);
        ObjectResult pod = result.report().objects().get(0);
        assertThat(pod.policy()).isEqualTo("Gatekeeper constraints and PodSecurity \"baseline:latest\"");
        assertThat(pod.findings()).extracting(Finding::ruleId).containsExactly("K8sDenyAll/a", "hostNamespaces");
        assertThat(result.denied()).isTrue();
    }

    @Test
    void constraintWithoutItsTemplateIsAnErrorNamingFileLineObjectAndField() {
        GatorTestResult result = run(null, constraint("a", "deny"), POD);
        assertThat(result.errors()).extracting(Object::toString)
                .containsExactly("in.yaml:1: K8sDenyAll/a: kind: no ConstraintTemplate defines kind K8sDenyAll");
        assertThat(result.report().objects()).hasSize(1);
    }

    @Test
    void reviewIsACreateOfTheObjectWithConventionalPlural() {
        JsonNode policy = JsonMapper.builder().build().readTree("{\"apiVersion\":\"networking.k8s.io/v1\","
                + "\"kind\":\"NetworkPolicy\",\"metadata\":{\"name\":\"n\",\"namespace\":\"x\"}}");
        var review = GatorTestRunner.review(policy);
        assertThat(review.operation()).isEqualTo(dev.gatehouse.policy.review.Operation.CREATE);
        assertThat(review.resource().resource()).isEqualTo("networkpolicies");
        assertThat(review.kind().group()).isEqualTo("networking.k8s.io");
        assertThat(review.namespace()).isEqualTo("x");
        assertThat(review.oldObject()).isNull();
    }
}
