package dev.gatehouse.policy.podsecurity.admission;

import static dev.gatehouse.policy.podsecurity.admission.Fixtures.json;
import static dev.gatehouse.policy.podsecurity.admission.Fixtures.namespace;
import static dev.gatehouse.policy.podsecurity.admission.Fixtures.review;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.policy.cluster.StaticClusterState;
import dev.gatehouse.policy.podsecurity.config.Exemptions;
import dev.gatehouse.policy.podsecurity.config.PodSecurityConfiguration;
import dev.gatehouse.policy.podsecurity.namespace.NamespacePolicy;
import dev.gatehouse.policy.review.Decision;
import dev.gatehouse.policy.review.Operation;
import dev.gatehouse.policy.review.Review;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class PodControllerAdmissionTest {

    private final Fixtures.FakeEvaluator evaluator = new Fixtures.FakeEvaluator();
    private final Fixtures.RecordingMetrics metrics = new Fixtures.RecordingMetrics();

    private static final PodSecurityConfiguration CONFIG = new PodSecurityConfiguration(NamespacePolicy.PRIVILEGED,
            new Exemptions(List.of("system:admin"), List.of("kube-system"), List.of("gvisor")));

    private final PodSecurityAdmission admission = PodSecurityAdmission.builder(evaluator, CONFIG,
            StaticClusterState.of(List.of(
                    namespace("ns", "enforce", "restricted", "audit", "restricted", "warn", "baseline"),
                    namespace("enforce-only", "enforce", "restricted", "warn", "privileged"),
                    namespace("bad-labels", "enforce", "restricted", "warn", "privileged", "audit-version", "v9")),
                    List.of())).metrics(metrics).build();

    private static final String TEMPLATE = "{\"metadata\":{\"labels\":{\"bad\":\"yes\"}},"
            + "\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"nginx\"}]}}";

    /** resource, group, kind, apiVersion, object JSON with the template in its place. */
    static Stream<Arguments> controllers() {
        return Stream.of(
                Arguments.of("replicationcontrollers", "", "ReplicationController", "v1", "{\"spec\":{\"template\":" + TEMPLATE + "}}"),
                Arguments.of("podtemplates", "", "PodTemplate", "v1", "{\"template\":" + TEMPLATE + "}"),
                Arguments.of("replicasets", "apps", "ReplicaSet", "apps/v1", "{\"spec\":{\"template\":" + TEMPLATE + "}}"),
                Arguments.of("deployments", "apps", "Deployment", "apps/v1", "{\"spec\":{\"template\":" + TEMPLATE + "}}"),
                Arguments.of("statefulsets", "apps", "StatefulSet", "apps/v1", "{\"spec\":{\"template\":" + TEMPLATE + "}}"),
                Arguments.of("daemonsets", "apps", "DaemonSet", "apps/v1", "{\"spec\":{\"template\":" + TEMPLATE + "}}"),
                Arguments.of("jobs", "batch", "Job", "batch/v1", "{\"spec\":{\"template\":" + TEMPLATE + "}}"),
                Arguments.of("cronjobs", "batch", "CronJob", "batch/v1",
                        "{\"spec\":{\"jobTemplate\":{\"spec\":{\"template\":" + TEMPLATE + "}}}}"));
    }

    private static JsonNode object(String kind, String apiVersion, String body) {
        String head = "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"" + kind + "\",\"metadata\":{\"name\":\"web\"},";
        return json(head + body.substring(1));
    }

    private static Review controllerReview(String resource, String group, String kind, Operation op, String namespace,
                                           String subresource, String user, JsonNode object) {
        return review(group, resource, kind, op, namespace, "web", subresource, user, object, null);
    }

    @ParameterizedTest(name = "{0} are audited and warned, never enforced")
    @MethodSource("controllers")
    void controllers_areAuditedAndWarnedButNeverEnforced(String resource, String group, String kind, String apiVersion, String body) {
        Decision decision = admission.review(controllerReview(resource, group, kind, Operation.CREATE, "ns", "", "alice",
                object(kind, apiVersion, body)));
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.warnings()).containsExactly(
                "would violate PodSecurity \"baseline:latest\": bad name (pod \"\" at baseline:latest)");
        assertThat(decision.auditAnnotations()).containsExactly(Map.entry("audit-violations",
                "would violate PodSecurity \"restricted:latest\": bad name (pod \"\" at restricted:latest)"));
        assertThat(evaluator.evaluated).hasToString("[restricted:latest, baseline:latest]");
        assertThat(metrics.records).containsExactly(
                "evaluation deny,restricted,latest,audit,create,controller,",
                "evaluation deny,baseline,latest,warn,create,controller,");
    }

    @ParameterizedTest(name = "{0} subresources are skipped")
    @MethodSource("controllers")
    void subresources_areSkipped(String resource, String group, String kind, String apiVersion, String body) {
        Decision decision = admission.review(controllerReview(resource, group, kind, Operation.UPDATE, "ns", "scale", "alice",
                object(kind, apiVersion, body)));
        assertThat(decision).isEqualTo(Decision.allow());
        assertThat(evaluator.calls).hasValue(0);
    }

    @Test
    void enforceOnlyNamespace_skipsControllers() {
        Decision decision = admission.review(controllerReview("deployments", "apps", "Deployment", Operation.CREATE,
                "enforce-only", "", "alice", json("{\"kind\":\"Deployment\",\"spec\":5}")));
        assertThat(decision).isEqualTo(Decision.allow());
        assertThat(evaluator.calls).hasValue(0);
    }

    @Test
    void missingNamespace_failsOpenWithAnErrorAnnotation() {
        Decision decision = admission.review(controllerReview("deployments", "apps", "Deployment", Operation.CREATE,
                "nope", "", "alice", json("{}")));
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.auditAnnotations()).containsExactly(Map.entry("error",
                "failed to lookup namespace \"nope\": namespaces \"nope\" not found"));
        assertThat(metrics.records).containsExactly("error true,create,controller,");
    }

    @Test
    void undecodableObject_failsOpenWithAnErrorAnnotation() {
        Decision decision = admission.review(controllerReview("deployments", "apps", "Deployment", Operation.CREATE,
                "ns", "", "alice", json("{\"kind\":\"Deployment\",\"spec\":{\"template\":{\"spec\":{\"containers\":{}}}}}")));
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.auditAnnotations().get("error")).startsWith("failed to decode object: spec.template.spec.containers: ");
        assertThat(metrics.records).containsExactly("error true,create,controller,");

        Decision none = admission.review(controllerReview("jobs", "batch", "Job", Operation.CREATE, "ns", "", "alice", null));
        assertThat(none.allowed()).isTrue();
        assertThat(none.auditAnnotations().get("error")).startsWith("failed to decode object: ");
    }

    @Test
    void objectOfAnotherKind_failsOpenAsATemplateExtractionError() {
        Decision decision = admission.review(controllerReview("deployments", "apps", "Deployment", Operation.CREATE,
                "ns", "", "alice", json("{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\"}")));
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.auditAnnotations()).containsExactly(Map.entry("error",
                "failed to extract pod template: unexpected object type: apps/v1, Kind=ReplicaSet"));
    }

    @Test
    void replicationControllerWithoutTemplate_isNotEvaluated() {
        Decision decision = admission.review(controllerReview("replicationcontrollers", "", "ReplicationController",
                Operation.CREATE, "ns", "", "alice", json("{\"kind\":\"ReplicationController\",\"spec\":{\"replicas\":1}}")));
        assertThat(decision).isEqualTo(Decision.allow());
        assertThat(evaluator.calls).hasValue(0);
    }

    @Test
    void deploymentWithoutSpec_isEvaluatedAsAnEmptyTemplate() {
        Decision decision = admission.review(controllerReview("deployments", "apps", "Deployment", Operation.CREATE,
                "ns", "", "alice", json("{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\"}}")));
        assertThat(decision).isEqualTo(Decision.allow());
        assertThat(evaluator.calls).hasValue(2);
    }

    @Test
    void exemptions_applyToControllers() {
        JsonNode deployment = object("Deployment", "apps/v1", "{\"spec\":{\"template\":" + TEMPLATE + "}}");
        assertThat(admission.review(controllerReview("deployments", "apps", "Deployment", Operation.CREATE, "kube-system",
                "", "alice", deployment)).auditAnnotations()).containsExactly(Map.entry("exempt", "namespace"));
        assertThat(admission.review(controllerReview("deployments", "apps", "Deployment", Operation.CREATE, "ns",
                "", "system:admin", deployment)).auditAnnotations()).containsExactly(Map.entry("exempt", "user"));
        JsonNode gvisor = object("Deployment", "apps/v1", "{\"spec\":{\"template\":{\"spec\":{\"runtimeClassName\":\"gvisor\"}}}}");
        assertThat(admission.review(controllerReview("deployments", "apps", "Deployment", Operation.CREATE, "ns",
                "", "alice", gvisor)).auditAnnotations()).containsExactly(Map.entry("exempt", "runtimeClass"));
        assertThat(metrics.records).containsExactly("exemption create,controller,", "exemption create,controller,",
                "exemption create,controller,");
        assertThat(evaluator.calls).hasValue(0);
    }

    @Test
    void labelErrors_areAnnotatedAndEvaluationGoesOn() {
        Decision decision = admission.review(controllerReview("deployments", "apps", "Deployment", Operation.UPDATE,
                "bad-labels", "", "alice", object("Deployment", "apps/v1", "{\"spec\":{\"template\":" + TEMPLATE + "}}")));
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.auditAnnotations()).containsExactly(Map.entry("error", "Failed to parse policy: "
                + "metadata.labels[pod-security.kubernetes.io/audit-version]: Invalid value: \"v9\": must be \"latest\" or \"v1.x\""));
        assertThat(metrics.records).containsExactly("error false,update,controller,");
    }

    @Test
    void otherResources_areAllowedUntouched() {
        Decision decision = admission.review(review("", "configmaps", "ConfigMap", Operation.CREATE, "ns", "c", "",
                "alice", json("{\"kind\":\"ConfigMap\"}"), null));
        assertThat(decision).isEqualTo(Decision.allow());
        assertThat(admission.review(review("apps", "controllerrevisions", "ControllerRevision", Operation.CREATE, "ns",
                "c", "", "alice", json("{}"), null))).isEqualTo(Decision.allow());
    }
}
