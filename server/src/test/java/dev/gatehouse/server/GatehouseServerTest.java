package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.policy.podsecurity.Level;
import dev.gatehouse.policy.podsecurity.LevelVersion;
import dev.gatehouse.policy.podsecurity.Version;
import dev.gatehouse.policy.review.GroupVersionResource;
import dev.gatehouse.policy.review.Operation;
import dev.gatehouse.server.metrics.PrometheusPodSecurityMetrics;
import dev.gatehouse.server.testing.FakeEngine;
import dev.gatehouse.server.testing.Reviews;
import dev.gatehouse.server.testing.TestPki;
import dev.gatehouse.server.tls.SelfSignedCertificates;
import dev.gatehouse.server.tls.TlsSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** End to end: a started server, a real HTTPS client trusting the self-signed CA, real AdmissionReview JSON. */
class GatehouseServerTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final AtomicBoolean SYNCED = new AtomicBoolean();
    private static final PrometheusRegistry REGISTRY = new PrometheusRegistry();

    private static GatehouseServer server;
    private static HttpClient client;
    private static SelfSignedCertificates.Bundle pki;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.ecBundle();
        server = GatehouseServer.builder()
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .tls(TlsSource.fixed(pki.serving()))
                .engine(new FakeEngine())
                .readiness(SYNCED::get)
                .metricsRegistry(REGISTRY)
                .eventLoops(2)
                .build();
        server.start().get();
        client = HttpClient.newBuilder().sslContext(TestPki.trusting(pki.ca()))
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop().get();
    }

    @Test
    void admit_v1Allowed_echoesUidWithWarningsAndAuditAnnotations() throws Exception {
        HttpResponse<String> response = post("/v1/admit", Reviews.pod("admission.k8s.io/v1", "uid-1", "allowed-pod"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        JsonNode review = JSON.readTree(response.body());
        assertThat(review.get("apiVersion").stringValue()).isEqualTo("admission.k8s.io/v1");
        assertThat(review.get("kind").stringValue()).isEqualTo("AdmissionReview");
        JsonNode answer = review.get("response");
        assertThat(answer.get("uid").stringValue()).isEqualTo("uid-1");
        assertThat(answer.get("allowed").booleanValue()).isTrue();
        assertThat(answer.has("status")).isFalse();
        assertThat(answer.get("warnings").get(0).stringValue()).startsWith("would violate PodSecurity \"restricted:latest\"");
        assertThat(answer.get("auditAnnotations").get("enforce-policy").stringValue()).isEqualTo("baseline:v1.30");
        assertThat(answer.get("auditAnnotations").propertyNames()).containsExactly("enforce-policy", "audit-violations");
    }

    @Test
    void admit_v1beta1Denied_answersV1beta1WithForbiddenStatus() throws Exception {
        HttpResponse<String> response = post("/v1/admit", Reviews.pod("admission.k8s.io/v1beta1", "uid-2", "denied-pod"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode review = JSON.readTree(response.body());
        assertThat(review.get("apiVersion").stringValue()).isEqualTo("admission.k8s.io/v1beta1");
        JsonNode answer = review.get("response");
        assertThat(answer.get("uid").stringValue()).isEqualTo("uid-2");
        assertThat(answer.get("allowed").booleanValue()).isFalse();
        JsonNode status = answer.get("status");
        assertThat(status.get("status").stringValue()).isEqualTo("Failure");
        assertThat(status.get("code").intValue()).isEqualTo(403);
        assertThat(status.get("reason").stringValue()).isEqualTo("Forbidden");
        assertThat(status.get("message").stringValue()).isEqualTo(FakeEngine.DENY_MESSAGE);
        assertThat(answer.get("auditAnnotations").get("enforce-policy").stringValue()).isEqualTo("restricted:latest");
    }

    @Test
    void admit_invalidNamespace_answers422WithFieldCauses() throws Exception {
        JsonNode answer = JSON.readTree(post("/v1/admit", Reviews.namespace("uid-3", "invalid-ns")).body()).get("response");

        JsonNode status = answer.get("status");
        assertThat(status.get("code").intValue()).isEqualTo(422);
        assertThat(status.get("reason").stringValue()).isEqualTo("Invalid");
        JsonNode details = status.get("details");
        assertThat(details.get("name").stringValue()).isEqualTo("invalid-ns");
        assertThat(details.get("kind").stringValue()).isEqualTo("Namespace");
        JsonNode cause = details.get("causes").get(0);
        assertThat(cause.get("reason").stringValue()).isEqualTo("FieldValueInvalid");
        assertThat(cause.get("field").stringValue()).isEqualTo("metadata.labels[pod-security.kubernetes.io/enforce]");
        assertThat(cause.get("message").stringValue()).isEqualTo("must be one of privileged, baseline, restricted");
    }

    @Test
    void admit_engineThrows_answersWellFormedInternalError() throws Exception {
        HttpResponse<String> response = post("/v1/admit", Reviews.pod("admission.k8s.io/v1", "uid-4", "boom"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body()).get("response");
        assertThat(answer.get("uid").stringValue()).isEqualTo("uid-4");
        assertThat(answer.get("allowed").booleanValue()).isFalse();
        assertThat(answer.get("status").get("code").intValue()).isEqualTo(500);
        assertThat(answer.get("status").get("reason").stringValue()).isEqualTo("InternalError");
        assertThat(answer.get("status").get("message").stringValue())
                .isEqualTo("Internal error occurred: policy cache corrupted");
    }

    @Test
    void noop_allowsWithoutEvaluating() throws Exception {
        // "boom" would make the engine throw: the no-op endpoint must not call it.
        JsonNode answer = JSON.readTree(post("/v1/noop", Reviews.pod("admission.k8s.io/v1", "uid-5", "boom")).body())
                .get("response");
        assertThat(answer.get("uid").stringValue()).isEqualTo("uid-5");
        assertThat(answer.get("allowed").booleanValue()).isTrue();
    }

    static Stream<Arguments> badRequests() {
        String valid = Reviews.pod("admission.k8s.io/v1", "uid", "allowed-pod");
        return Stream.of(
                Arguments.of("a body that is not JSON", "{\"apiVersion\": ", "request body is not valid JSON"),
                Arguments.of("an empty body", "", "request body is empty"),
                Arguments.of("a JSON array", "[1, 2]", "request body must be a JSON object"),
                Arguments.of("an unknown apiVersion", valid.replace("admission.k8s.io/v1", "admission.k8s.io/v2"),
                        "unsupported apiVersion \"admission.k8s.io/v2\""),
                Arguments.of("another kind", valid.replace("\"kind\": \"AdmissionReview\"", "\"kind\": \"TokenReview\""),
                        "unsupported kind \"TokenReview\""),
                Arguments.of("no request", "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\"}",
                        "AdmissionReview has no request"),
                Arguments.of("no request.uid", valid.replace("\"uid\": \"uid\",", ""), "request.uid is required"),
                Arguments.of("an unknown operation", valid.replace("\"CREATE\"", "\"PATCH\""),
                        "request.operation must be one of CREATE, UPDATE, DELETE, CONNECT, got \"PATCH\""),
                Arguments.of("an object that is not an object", valid.replace("\"oldObject\": null", "\"oldObject\": 7"),
                        "request.oldObject must be an object"),
                Arguments.of("a body over 3 MiB", "{\"pad\": \"" + "x".repeat(3 * 1024 * 1024) + "\"}",
                        "request body is larger than 3145728 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void admit_badRequest_answers400WithMessage(String description, String body, String message) throws Exception {
        HttpResponse<String> response = post("/v1/admit", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains(message);
    }

    // Before the server drained oversized bodies, about half of these lost their answer to a TCP reset.
    @org.junit.jupiter.api.RepeatedTest(20)
    void admit_oversizedBody_answerReachesAClientStillSending() throws Exception {
        HttpResponse<String> response = post("/v1/admit", "{\"pad\": \"" + "x".repeat(3 * 1024 * 1024) + "\"}");
        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void healthz_answersOk() throws Exception {
        HttpResponse<String> response = get("/healthz");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok\n");
    }

    @Test
    void readyz_answers503UntilCachesSyncThen200() throws Exception {
        SYNCED.set(false);
        HttpResponse<String> before = get("/readyz");
        SYNCED.set(true);
        HttpResponse<String> after = get("/readyz");

        assertThat(before.statusCode()).isEqualTo(503);
        assertThat(before.body()).contains("cluster caches have not synced yet");
        assertThat(after.statusCode()).isEqualTo(200);
    }

    @Test
    void unknownPath_answers404_wrongMethod_answers405WithAllow() throws Exception {
        assertThat(get("/v1/nothing").statusCode()).isEqualTo(404);
        HttpResponse<String> wrongMethod = get("/v1/admit");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("allow")).contains("POST");
        assertThat(post("/healthz", "{}").statusCode()).isEqualTo(405);
    }

    @Test
    void withoutTokenSettings_tokenRoutesDoNotExist() throws Exception {
        assertThat(post("/v1/authenticate", "{}").statusCode()).isEqualTo(404);
        assertThat(get("/.well-known/openid-configuration").statusCode()).isEqualTo(404);
        assertThat(get("/openid/v1/jwks").statusCode()).isEqualTo(404);
        assertThat(post("/api/v1/namespaces/ci/serviceaccounts/builder/token", "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void tls12Client_isServed() throws Exception {
        SSLParameters tls12 = new SSLParameters();
        tls12.setProtocols(new String[] {"TLSv1.2"});
        HttpClient old = HttpClient.newBuilder().sslContext(TestPki.trusting(pki.ca())).sslParameters(tls12).build();
        HttpResponse<String> response = old.send(request("/healthz").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.2");
    }

    @Test
    void metrics_exposeRequestCountsLatenciesAndPodSecurityCounters() throws Exception {
        PrometheusPodSecurityMetrics podSecurity = new PrometheusPodSecurityMetrics(REGISTRY);
        podSecurity.recordEvaluation("deny", "restricted", "v1.30", "enforce", "create", "pod", "");
        podSecurity.recordEvaluation("allow", "baseline", "future", "warn", "update", "controller", "");
        podSecurity.recordExemption("create", "pod", "ephemeralcontainers");
        podSecurity.recordError(true, "create", "namespace", "");
        post("/v1/admit", Reviews.pod("admission.k8s.io/v1", "uid-m", "allowed-pod"));
        post("/v1/admit", "not json");

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        assertThat(response.body())
                .containsPattern("gatehouse_http_requests_total\\{endpoint=\"admit\",outcome=\"allowed\"} [1-9]")
                .containsPattern("gatehouse_http_requests_total\\{endpoint=\"admit\",outcome=\"bad_request\"} [1-9]")
                .contains("gatehouse_http_request_duration_seconds_bucket{endpoint=\"admit\",outcome=\"allowed\",le=\"0.005\"}")
                .contains("pod_security_evaluations_total{decision=\"deny\",mode=\"enforce\",policy_level=\"restricted\","
                        + "policy_version=\"v1.30\",request_operation=\"create\",resource=\"pod\",subresource=\"\"} 1.0")
                .contains("pod_security_evaluations_total{decision=\"allow\",mode=\"warn\",policy_level=\"baseline\","
                        + "policy_version=\"future\",request_operation=\"update\",resource=\"controller\",subresource=\"\"} 1.0")
                .contains("pod_security_exemptions_total{request_operation=\"create\",resource=\"pod\","
                        + "subresource=\"ephemeralcontainers\"} 1.0")
                .contains("pod_security_errors_total{fatal=\"true\",request_operation=\"create\",resource=\"namespace\","
                        + "subresource=\"\"} 1.0")
                .contains("gatehouse_tls_certificate_expiry_timestamp_seconds");
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return client.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + path))
                .timeout(Duration.ofSeconds(10));
    }
}
