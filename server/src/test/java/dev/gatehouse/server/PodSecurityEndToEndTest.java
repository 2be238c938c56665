package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.policy.cluster.StaticClusterState;
import dev.gatehouse.policy.podsecurity.DefaultPodSecurityEvaluator;
import dev.gatehouse.policy.podsecurity.admission.PodSecurityAdmission;
import dev.gatehouse.policy.podsecurity.admission.PodSecurityMetrics;
import dev.gatehouse.policy.podsecurity.config.PodSecurityConfiguration;
import dev.gatehouse.policy.review.ClusterState;
import dev.gatehouse.server.cluster.InformerClusterState;
import dev.gatehouse.server.tls.SelfSignedCertificates;
import dev.gatehouse.server.tls.TlsSource;
import dev.gatehouse.server.testing.TestPki;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import dev.gatehouse.server.testing.MockApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The real Pod Security engine behind a started HTTPS server, answering real AdmissionReview JSON, with cluster
 * state from fabric8 informers over the mock API server (CRUD mode) and from manifests (--state).
 */
class PodSecurityEndToEndTest {

    private static MockApiServer api;
    private static KubernetesClient client;

    @BeforeAll
    static void startMockApiServer() {
        api = MockApiServer.start();
        client = api.client();
    }

    @AfterAll
    static void stopMockApiServer() {
        api.close();
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ENFORCE = "pod-security.kubernetes.io/enforce";

    @Test
    void informerState_podDeniedAllowedAndNamespaceEnforceChangeWarnsAboutExistingPods() throws Exception {
        client.namespaces().resource(namespace("shop", Map.of(ENFORCE, "baseline"))).create();
        client.pods().inNamespace("shop").resource(pod("web-1", false)).create();
        client.pods().inNamespace("shop").resource(pod("debug-1", true)).create();
        try (InformerClusterState state = InformerClusterState.start(client, Duration.ZERO)) {
            state.synced().get(30, TimeUnit.SECONDS);
            exercise(state);
        }
    }

    @Test
    void staticState_givesTheSameAnswers() throws Exception {
        exercise(StaticClusterState.of(List.of(namespace("shop", Map.of(ENFORCE, "baseline"))),
                List.of(pod("web-1", false), pod("debug-1", true))));
    }

    private void exercise(ClusterState state) throws Exception {
        SelfSignedCertificates.Bundle pki = TestPki.ecBundle();
        PodSecurityAdmission engine = PodSecurityAdmission.builder(DefaultPodSecurityEvaluator.standard(),
                        PodSecurityConfiguration.DEFAULT, state)
                .clock(Clock.systemUTC()).metrics(PodSecurityMetrics.NONE).build();
        GatehouseServer server = GatehouseServer.builder()
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .tls(TlsSource.fixed(pki.serving()))
                .engine(engine)
                .readiness(() -> true)
                .eventLoops(1)
                .build();
        server.start().get();
        try {
            HttpClient http = HttpClient.newBuilder().sslContext(TestPki.trusting(pki.ca())).build();

            JsonNode denied = admit(http, server, review("admission.k8s.io/v1", "u1", "pods", "Pod", "CREATE", "debug-2",
                    JSON.valueToTree(pod("debug-2", true)), null));
            assertThat(denied.path("response").path("allowed").booleanValue()).isFalse();
            assertThat(denied.path("response").path("status").path("code").intValue()).isEqualTo(403);
            assertThat(denied.path("response").path("status").path("message").stringValue()).isEqualTo(
                    "pods \"debug-2\" is forbidden: violates PodSecurity \"baseline:latest\": host namespaces "
                            + "(hostNetwork=true), privileged (container \"app\" must not set securityContext.privileged=true)");
            assertThat(denied.path("response").path("auditAnnotations").path("enforce-policy").stringValue())
                    .isEqualTo("baseline:latest");

            JsonNode allowed = admit(http, server, review("admission.k8s.io/v1beta1", "u2", "pods", "Pod", "CREATE", "web-2",
                    JSON.valueToTree(pod("web-2", false)), null));
            assertThat(allowed.path("apiVersion").stringValue()).isEqualTo("admission.k8s.io/v1beta1");
            assertThat(allowed.path("response").path("allowed").booleanValue()).isTrue();
            assertThat(allowed.path("response").path("uid").stringValue()).isEqualTo("u2");

            Namespace raised = namespace("shop", Map.of(ENFORCE, "restricted"));
            JsonNode change = admit(http, server, review("admission.k8s.io/v1", "u3", "namespaces", "Namespace", "UPDATE",
                    "shop", JSON.valueToTree(raised), JSON.valueToTree(namespace("shop", Map.of(ENFORCE, "baseline")))));
            assertThat(change.path("response").path("allowed").booleanValue()).isTrue();
            List<String> warnings = JSON.convertValue(change.path("response").path("warnings"),
                    JSON.getTypeFactory().constructCollectionType(List.class, String.class));
            assertThat(warnings).hasSize(3);
            assertThat(warnings.get(0)).isEqualTo(
                    "existing pods in namespace \"shop\" violate the new PodSecurity enforce level \"restricted:latest\"");
            assertThat(warnings.get(1)).startsWith("debug-1: host namespaces, privileged, allowPrivilegeEscalation != false");
            assertThat(warnings.get(2)).startsWith("web-1: allowPrivilegeEscalation != false");
        } finally {
            server.stop().get();
        }
    }

    private static JsonNode admit(HttpClient http, GatehouseServer server, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + server.port() + "/v1/admit"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String review(String apiVersion, String uid, String resource, String kind, String operation,
                                 String name, JsonNode object, JsonNode oldObject) {
        ObjectNode root = JSON.createObjectNode();
        root.put("apiVersion", apiVersion);
        root.put("kind", "AdmissionReview");
        ObjectNode request = root.putObject("request");
        request.put("uid", uid);
        request.putObject("kind").put("group", "").put("version", "v1").put("kind", kind);
        request.putObject("resource").put("group", "").put("version", "v1").put("resource", resource);
        request.put("name", name);
        request.put("namespace", resource.equals("namespaces") ? "" : "shop");
        request.put("operation", operation);
        request.putObject("userInfo").put("username", "alice");
        request.set("object", object);
        if (oldObject != null) {
            request.set("oldObject", oldObject);
        }
        return JSON.writeValueAsString(root);
    }

    private static Namespace namespace(String name, Map<String, String> labels) {
        return new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build();
    }

    private static Pod pod(String name, boolean privileged) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).withNamespace("shop").withUid(name + "-uid")
                .endMetadata().withNewSpec().withHostNetwork(privileged ? true : null)
                .addNewContainer().withName("app").withImage("app:1")
                .withNewSecurityContext().withPrivileged(privileged ? true : null).endSecurityContext()
                .endContainer().endSpec();
        return pod.build();
    }
}
