package dev.gatehouse.server.authn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.tokens.BoundObjectRef;
import dev.gatehouse.auth.tokens.IssuerDiscovery;
import dev.gatehouse.auth.tokens.KeyGenerator;
import dev.gatehouse.auth.tokens.KeySet;
import dev.gatehouse.auth.tokens.ServiceAccountKey;
import dev.gatehouse.auth.tokens.SigningAlgorithm;
import dev.gatehouse.auth.tokens.StaticTokenObjects;
import dev.gatehouse.auth.tokens.TokenIssuer;
import dev.gatehouse.auth.tokens.TokenRequestAuthorization;
import dev.gatehouse.auth.tokens.TokenRequestSpec;
import dev.gatehouse.auth.tokens.TokenVerifier;
import dev.gatehouse.auth.tokens.VerificationResult;
import dev.gatehouse.server.GatehouseServer;
import dev.gatehouse.server.testing.ClientPki;
import dev.gatehouse.server.testing.FakeEngine;
import dev.gatehouse.server.testing.TestPki;
import dev.gatehouse.server.tls.SelfSignedCertificates;
import dev.gatehouse.server.tls.TlsSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * End to end: a started server with token settings, real HTTPS clients (with and without client certificates),
 * real TokenReview and TokenRequest JSON, tokens from our own {@link TokenIssuer}.
 */
class TokenServerTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String ISSUER = "https://issuer.gatehouse.test";
    private static final String TOKEN_PATH = "/api/v1/namespaces/ci/serviceaccounts/builder/token";
    private static final PrometheusRegistry REGISTRY = new PrometheusRegistry();

    private static GatehouseServer server;
    private static SelfSignedCertificates.Bundle serverPki;
    private static ClientPki clientPki;
    private static TokenIssuer issuer;
    private static TokenVerifier verifier;
    private static HttpClient anonymous;

    @BeforeAll
    static void start() throws Exception {
        serverPki = TestPki.ecBundle();
        clientPki = ClientPki.create("client-ca");
        KeyPair pair = KeyGenerator.generate(SigningAlgorithm.ES256);
        KeySet keys = KeySet.of(List.of(ServiceAccountKey.ofPair(pair.getPublic(), pair.getPrivate(), "test")));
        List<HasMetadata> objects = List.of(
                new ServiceAccountBuilder().withNewMetadata().withNamespace("ci").withName("builder").withUid("sa-uid")
                        .endMetadata().build(),
                new ServiceAccountBuilder().withNewMetadata().withNamespace("ci").withName("deployer").withUid("dep-uid")
                        .endMetadata().build(),
                new PodBuilder().withNewMetadata().withNamespace("ci").withName("web-0").withUid("pod-uid").endMetadata()
                        .withNewSpec().withServiceAccountName("builder").withNodeName("node-1").endSpec().build(),
                new NodeBuilder().withNewMetadata().withName("node-1").withUid("node-uid").endMetadata().build());
        StaticTokenObjects state = StaticTokenObjects.of(objects);
        issuer = TokenIssuer.builder(keys, ISSUER).objects(state).build();
        verifier = TokenVerifier.builder(keys, List.of(ISSUER)).objects(state).build();
        TokenRequestAuthorization authorization = new TokenRequestAuthorization(List.of(
                new TokenRequestAuthorization.Rule(List.of("alice", "system:serviceaccount:ci:deployer"), List.of(),
                        List.of("ci"), List.of("builder")),
                new TokenRequestAuthorization.Rule(List.of(), List.of("token-admins"), List.of("*"), List.of("*"))));
        server = GatehouseServer.builder()
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .tls(TlsSource.fixed(serverPki.serving()))
                .engine(new FakeEngine())
                .metricsRegistry(REGISTRY)
                .eventLoops(2)
                .tokens(TokenSettings.builder(verifier)
                        .issuer(issuer)
                        .discovery(new IssuerDiscovery(ISSUER, null, keys))
                        .authorization(authorization)
                        .clientCertificateAuthorities(List.of(clientPki.ca()))
                        .build())
                .build();
        server.start().get();
        anonymous = client(TestPki.trusting(serverPki.ca()));
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop().get();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"authentication.k8s.io/v1", "authentication.k8s.io/v1beta1"})
    void tokenReview_ourPodBoundToken_authenticatesWithTheExactIdentity(String apiVersion) throws Exception {
        var issued = issuer.issue("ci", "builder", new TokenRequestSpec(List.of("vault"), 600L,
                new BoundObjectRef("Pod", "v1", "web-0", "pod-uid")));

        HttpResponse<String> response = post(anonymous, "/v1/authenticate", review(apiVersion, issued.token(), "vault"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("apiVersion").stringValue()).isEqualTo(apiVersion);
        assertThat(body.get("kind").stringValue()).isEqualTo("TokenReview");
        JsonNode status = body.get("status");
        assertThat(status.get("authenticated").booleanValue()).isTrue();
        assertThat(status.has("error")).isFalse();
        assertThat(status.get("audiences")).extracting(JsonNode::stringValue).containsExactly("vault");
        JsonNode user = status.get("user");
        assertThat(user.get("username").stringValue()).isEqualTo("system:serviceaccount:ci:builder");
        assertThat(user.get("uid").stringValue()).isEqualTo("sa-uid");
        assertThat(user.get("groups")).extracting(JsonNode::stringValue)
                .containsExactly("system:serviceaccounts", "system:serviceaccounts:ci", "system:authenticated");
        JsonNode extra = user.get("extra");
        assertThat(extra.propertyNames()).containsExactly("authentication.kubernetes.io/credential-id",
                "authentication.kubernetes.io/node-name", "authentication.kubernetes.io/node-uid",
                "authentication.kubernetes.io/pod-name", "authentication.kubernetes.io/pod-uid");
        assertThat(extra.get("authentication.kubernetes.io/credential-id").get(0).stringValue())
                .isEqualTo("JTI=" + issued.claims().jti());
        assertThat(extra.get("authentication.kubernetes.io/pod-name").get(0).stringValue()).isEqualTo("web-0");
        assertThat(extra.get("authentication.kubernetes.io/pod-uid").get(0).stringValue()).isEqualTo("pod-uid");
        assertThat(extra.get("authentication.kubernetes.io/node-name").get(0).stringValue()).isEqualTo("node-1");
        assertThat(extra.get("authentication.kubernetes.io/node-uid").get(0).stringValue()).isEqualTo("node-uid");
        assertThat(response.body()).doesNotContain(issued.token());
    }

    @Test
    void tokenReview_foreignToken_isNotAuthenticatedWithoutError() throws Exception {
        KeyPair otherPair = KeyGenerator.generate(SigningAlgorithm.ES256);
        KeySet otherKeys = KeySet.of(List.of(ServiceAccountKey.ofPair(otherPair.getPublic(), otherPair.getPrivate(), "other")));
        StaticTokenObjects otherState = StaticTokenObjects.of(List.of(new ServiceAccountBuilder().withNewMetadata()
                .withNamespace("ci").withName("builder").withUid("sa-uid").endMetadata().build()));
        String foreign = TokenIssuer.builder(otherKeys, "https://elsewhere.test").objects(otherState).build()
                .issue("ci", "builder", TokenRequestSpec.defaults()).token();

        HttpResponse<String> response = post(anonymous, "/v1/authenticate", review("authentication.k8s.io/v1", foreign, null));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode status = JSON.readTree(response.body()).get("status");
        assertThat(status.get("authenticated").booleanValue()).isFalse();
        assertThat(status.has("error")).isFalse();
        assertThat(status.has("user")).isFalse();
    }

    @Test
    void tokenReview_ourTokenForAnotherAudience_isRejectedWithUpstreamsError() throws Exception {
        String token = issuer.issue("ci", "builder", new TokenRequestSpec(List.of("vault"), 600L, null)).token();

        JsonNode status = JSON.readTree(post(anonymous, "/v1/authenticate",
                review("authentication.k8s.io/v1", token, "etcd")).body()).get("status");

        assertThat(status.get("authenticated").booleanValue()).isFalse();
        assertThat(status.get("error").stringValue())
                .isEqualTo("token audiences [\"vault\"] is invalid for the target audiences [\"etcd\"]");
    }

    static Stream<Arguments> malformedReviews() {
        return Stream.of(
                Arguments.of("a body that is not JSON", "{\"apiVersion\": ", "request body is not a valid TokenReview"),
                Arguments.of("an empty body", "", "request body is empty"),
                Arguments.of("another kind", "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"AdmissionReview\"}",
                        "unsupported kind \"AdmissionReview\""),
                Arguments.of("no token", "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{}}",
                        "spec.token: Required value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedReviews")
    void tokenReview_malformedBody_answers400Status(String description, String body, String message) throws Exception {
        HttpResponse<String> response = post(anonymous, "/v1/authenticate", body);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode status = JSON.readTree(response.body());
        assertThat(status.get("kind").stringValue()).isEqualTo("Status");
        assertThat(status.get("reason").stringValue()).isEqualTo("BadRequest");
        assertThat(status.get("code").intValue()).isEqualTo(400);
        assertThat(status.get("message").stringValue()).contains(message);
    }

    @Test
    void discovery_servesConfigurationAndJwksWithTypesAndCaching() throws Exception {
        HttpResponse<String> configuration = get(anonymous, "/.well-known/openid-configuration");
        HttpResponse<String> jwks = get(anonymous, "/openid/v1/jwks");

        assertThat(configuration.statusCode()).isEqualTo(200);
        assertThat(configuration.headers().firstValue("content-type")).contains("application/json");
        assertThat(configuration.headers().firstValue("cache-control")).contains("public, max-age=3600");
        JsonNode config = JSON.readTree(configuration.body());
        assertThat(config.get("issuer").stringValue()).isEqualTo(ISSUER);
        assertThat(config.get("jwks_uri").stringValue()).isEqualTo(ISSUER + "/openid/v1/jwks");
        assertThat(config.get("id_token_signing_alg_values_supported")).extracting(JsonNode::stringValue)
                .containsExactly("ES256");

        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(jwks.headers().firstValue("content-type")).contains("application/jwk-set+json");
        assertThat(jwks.headers().firstValue("cache-control")).contains("public, max-age=3600");
        JsonNode key = JSON.readTree(jwks.body()).get("keys").get(0);
        assertThat(key.get("use").stringValue()).isEqualTo("sig");
        assertThat(key.get("kty").stringValue()).isEqualTo("EC");
        assertThat(key.get("alg").stringValue()).isEqualTo("ES256");
        assertThat(key.has("d")).isFalse();
    }

    @Test
    void tokenRequest_clientCertificateOfAnAllowedUser_getsAVerifiableToken() throws Exception {
        HttpClient alice = client(clientPki.clientContext(serverPki.ca(), "alice", "devs"));

        HttpResponse<String> response = post(alice, TOKEN_PATH, tokenRequest(List.of("vault"), 600, null));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("kind").stringValue()).isEqualTo("TokenRequest");
        assertThat(body.get("spec").get("audiences")).extracting(JsonNode::stringValue).containsExactly("vault");
        assertThat(body.get("spec").get("expirationSeconds").longValue()).isEqualTo(600);
        String token = body.get("status").get("token").stringValue();
        assertThat(verifier.verify(token, List.of("vault"))).isInstanceOfSatisfying(VerificationResult.Authenticated.class,
                a -> assertThat(a.identity().username()).isEqualTo("system:serviceaccount:ci:builder"));
    }

    @Test
    void tokenRequest_clientCertificateGroup_isAuthorizedByGroup() throws Exception {
        HttpClient admin = client(clientPki.clientContext(serverPki.ca(), "bob", "token-admins"));

        HttpResponse<String> response = post(admin, "/api/v1/namespaces/ci/serviceaccounts/deployer/token",
                tokenRequest(List.of(), 3600, null));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(JSON.readTree(response.body()).get("spec").get("audiences")).extracting(JsonNode::stringValue)
                .containsExactly(ISSUER);
    }

    @Test
    void tokenRequest_bearerTokenOfAnAllowedServiceAccount_getsAPodBoundToken() throws Exception {
        String deployerToken = issuer.issue("ci", "deployer", TokenRequestSpec.defaults()).token();

        HttpResponse<String> response = send(anonymous, request(TOKEN_PATH).header("Authorization", "Bearer " + deployerToken)
                .POST(HttpRequest.BodyPublishers.ofString(tokenRequest(List.of("vault"), 3607, "web-0"))).build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String token = JSON.readTree(response.body()).get("status").get("token").stringValue();
        assertThat(verifier.verify(token, List.of("vault"))).isInstanceOfSatisfying(VerificationResult.Authenticated.class,
                a -> assertThat(a.identity().extra().get("authentication.kubernetes.io/pod-name")).containsExactly("web-0"));
    }

    static Stream<Arguments> unauthenticatedCallers() {
        return Stream.of(
                Arguments.of("no credentials at all", null),
                Arguments.of("a bearer token that is not a JWT", "Bearer not-a-token"),
                Arguments.of("a bearer token of another issuer", "Bearer eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.c2ln"),
                Arguments.of("basic credentials", "Basic YWxpY2U6c2VjcmV0"),
                Arguments.of("an empty bearer scheme", "Bearer "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unauthenticatedCallers")
    void tokenRequest_withoutValidCredentials_answers401Status(String description, String authorization) throws Exception {
        HttpRequest.Builder builder = request(TOKEN_PATH);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }

        HttpResponse<String> response = send(anonymous,
                builder.POST(HttpRequest.BodyPublishers.ofString(tokenRequest(List.of(), 600, null))).build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":"
                + "\"Failure\",\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}");
    }

    @Test
    void tokenRequest_bearerTokenSignedByAnotherKey_answers401() throws Exception {
        KeyPair otherPair = KeyGenerator.generate(SigningAlgorithm.ES256);
        KeySet otherKeys = KeySet.of(List.of(ServiceAccountKey.ofPair(otherPair.getPublic(), otherPair.getPrivate(), "x")));
        // Our issuer name, another key: "ours" by iss, but the signature cannot verify.
        String forged = TokenIssuer.builder(otherKeys, ISSUER).objects(StaticTokenObjects.of(List.of(
                new ServiceAccountBuilder().withNewMetadata().withNamespace("ci").withName("deployer").withUid("dep-uid")
                        .endMetadata().build()))).build().issue("ci", "deployer", TokenRequestSpec.defaults()).token();

        HttpResponse<String> response = send(anonymous, request(TOKEN_PATH).header("Authorization", "Bearer " + forged)
                .POST(HttpRequest.BodyPublishers.ofString(tokenRequest(List.of(), 600, null))).build());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void tokenRequest_authenticatedButNotAllowed_answers403Status() throws Exception {
        HttpClient mallory = client(clientPki.clientContext(serverPki.ca(), "mallory", "devs"));

        HttpResponse<String> response = post(mallory, TOKEN_PATH, tokenRequest(List.of(), 600, null));

        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode status = JSON.readTree(response.body());
        assertThat(status.get("reason").stringValue()).isEqualTo("Forbidden");
        assertThat(status.get("message").stringValue()).isEqualTo("serviceaccounts \"builder\" is forbidden: User "
                + "\"mallory\" cannot create resource \"serviceaccounts/token\" in API group \"\" in the namespace \"ci\"");
    }

    @Test
    void tokenRequest_boundPodMissing_answersUpstreamsNotFound() throws Exception {
        HttpClient alice = client(clientPki.clientContext(serverPki.ca(), "alice"));

        HttpResponse<String> response = post(alice, TOKEN_PATH, tokenRequest(List.of(), 600, "gone-0"));

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode status = JSON.readTree(response.body());
        assertThat(status.get("reason").stringValue()).isEqualTo("NotFound");
        assertThat(status.get("message").stringValue()).isEqualTo("pods \"gone-0\" not found");
    }

    @Test
    void tokenRequest_certificateOfAnotherCa_neverAuthenticates() throws Exception {
        HttpClient stranger = client(ClientPki.create("other-ca").clientContext(serverPki.ca(), "alice"));

        // The server names its CAs in the certificate request, so a JDK client withholds a certificate of another
        // CA and arrives anonymous; a client that sent it anyway would fail the handshake.
        HttpResponse<String> response;
        try {
            response = post(stranger, TOKEN_PATH, tokenRequest(List.of(), 600, null));
        } catch (IOException handshakeRefused) {
            return;
        }
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void tokenRequestPath_otherShapesAndMethods_are404And405() throws Exception {
        assertThat(get(anonymous, TOKEN_PATH).statusCode()).isEqualTo(405);
        assertThat(get(anonymous, TOKEN_PATH).headers().firstValue("allow")).contains("POST");
        assertThat(post(anonymous, "/api/v1/namespaces/ci/serviceaccounts/token", "{}").statusCode()).isEqualTo(404);
        assertThat(post(anonymous, "/api/v1/namespaces/ci/serviceaccounts/builder/token/x", "{}").statusCode()).isEqualTo(404);
        assertThat(post(anonymous, "/api/v1/namespaces//serviceaccounts/builder/token", "{}").statusCode()).isEqualTo(404);
        assertThat(post(anonymous, "/api/v1/namespaces/ci/pods/builder/token", "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void metrics_countTokenReviewOutcomes() throws Exception {
        String token = issuer.issue("ci", "builder", TokenRequestSpec.defaults()).token();
        post(anonymous, "/v1/authenticate", review("authentication.k8s.io/v1", token, null));
        post(anonymous, "/v1/authenticate", review("authentication.k8s.io/v1", token, "etcd"));
        post(anonymous, "/v1/authenticate", review("authentication.k8s.io/v1", "opaque-token", null));

        String metrics = get(anonymous, "/metrics").body();

        assertThat(metrics)
                .containsPattern("gatehouse_token_reviews_total\\{reason=\"\",result=\"authenticated\"} [1-9]")
                .containsPattern("gatehouse_token_reviews_total\\{reason=\"invalid_audience\",result=\"rejected\"} [1-9]")
                .containsPattern("gatehouse_token_reviews_total\\{reason=\"\",result=\"not_mine\"} [1-9]")
                .contains("serviceaccount_stale_tokens_total 0.0")
                .contains("gatehouse_token_cache_lookups_total{result=\"hit\"}")
                .containsPattern("gatehouse_http_requests_total\\{endpoint=\"authenticate\",outcome=\"reviewed\"} [1-9]");
    }

    private static String review(String apiVersion, String token, String audience) throws Exception {
        Map<String, Object> spec = audience == null ? Map.of("token", token) : Map.of("token", token, "audiences", List.of(audience));
        return JSON.writeValueAsString(Map.of("apiVersion", apiVersion, "kind", "TokenReview", "spec", spec));
    }

    private static String tokenRequest(List<String> audiences, long seconds, String pod) {
        Map<String, Object> spec = new java.util.LinkedHashMap<>();
        spec.put("audiences", audiences);
        spec.put("expirationSeconds", seconds);
        if (pod != null) {
            spec.put("boundObjectRef", Map.of("kind", "Pod", "apiVersion", "v1", "name", pod));
        }
        return JSON.writeValueAsString(Map.of("apiVersion", "authentication.k8s.io/v1", "kind", "TokenRequest", "spec", spec));
    }

    private static HttpClient client(SSLContext context) {
        return HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpResponse<String> post(HttpClient client, String path, String body) throws Exception {
        return send(client, request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static HttpResponse<String> get(HttpClient client, String path) throws Exception {
        return send(client, request(path).GET().build());
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + path))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10));
    }
}
