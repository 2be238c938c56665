package dev.gatehouse.auth.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TokenReviewResponderTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static JsonNode body(JsonResponse r) {
        return JSON.readTree(r.body());
    }

    static byte[] review(String apiVersion, String token, String audiencesJson) {
        return ("{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\"" + token + "\""
                + (audiencesJson == null ? "" : ",\"audiences\":" + audiencesJson) + "}}").getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"authentication.k8s.io/v1", "authentication.k8s.io/v1beta1"})
    void validToken_isAuthenticatedWithUserAndAudiences(String apiVersion) {
        TokenFixture f = new TokenFixture(SigningAlgorithm.RS256);
        IssuedToken t = f.issuePodBound();
        JsonResponse r = new TokenReviewResponder(f.verifier).respond(review(apiVersion, t.token(), null));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/json");
        JsonNode status = body(r).get("status");
        assertThat(body(r).get("apiVersion").asString()).isEqualTo(apiVersion);
        assertThat(body(r).get("kind").asString()).isEqualTo("TokenReview");
        assertThat(status.get("authenticated").asBoolean()).isTrue();
        assertThat(status.get("user").get("username").asString()).isEqualTo("system:serviceaccount:default:builder");
        assertThat(status.get("user").get("uid").asString()).isEqualTo("sa-uid-1");
        assertThat(status.get("user").get("groups").toString())
                .isEqualTo("[\"system:serviceaccounts\",\"system:serviceaccounts:default\",\"system:authenticated\"]");
        assertThat(status.get("user").get("extra").toString()).isEqualTo("{\"authentication.kubernetes.io/credential-id\":[\"JTI="
                + t.claims().jti() + "\"],\"authentication.kubernetes.io/node-name\":[\"node-a\"],\"authentication.kubernetes.io/node-uid\":[\"node-uid-1\"],"
                + "\"authentication.kubernetes.io/pod-name\":[\"web-0\"],\"authentication.kubernetes.io/pod-uid\":[\"pod-uid-1\"]}");
        assertThat(status.get("audiences").toString()).isEqualTo("[\"https://kubernetes.default.svc.cluster.local\"]");
        assertThat(status.has("error")).isFalse();
        assertThat(r.bodyText()).doesNotContain(t.token());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"authentication.k8s.io/v1", "authentication.k8s.io/v1beta1"})
    void wantedAudiences_narrowTheCheck(String apiVersion) {
        TokenFixture f = new TokenFixture(SigningAlgorithm.ES256);
        String token = f.issue(new TokenRequestSpec(List.of("vault", "s3"), null, null)).token();
        JsonNode ok = body(new TokenReviewResponder(f.verifier).respond(review(apiVersion, token, "[\"s3\"]"))).get("status");
        assertThat(ok.get("authenticated").asBoolean()).isTrue();
        assertThat(ok.get("audiences").toString()).isEqualTo("[\"s3\"]");
        JsonNode no = body(new TokenReviewResponder(f.verifier).respond(review(apiVersion, token, null))).get("status");
        assertThat(no.get("authenticated").asBoolean()).isFalse();
        assertThat(no.get("error").asString())
                .isEqualTo("token audiences [\"vault\" \"s3\"] is invalid for the target audiences [\"https://kubernetes.default.svc.cluster.local\"]");
        assertThat(no.has("user")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"authentication.k8s.io/v1", "authentication.k8s.io/v1beta1"})
    void foreignToken_isUnauthenticatedWithoutError(String apiVersion) {
        TokenFixture f = new TokenFixture(SigningAlgorithm.ES256);
        JsonResponse r = new TokenReviewResponder(f.verifier).respond(review(apiVersion, "some-opaque-token", null));
        assertThat(r.status()).isEqualTo(200);
        assertThat(body(r).get("status").toString()).isEqualTo("{\"authenticated\":false}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty body|''|request body is empty; expected a TokenReview (authentication.k8s.io/v1 or v1beta1)",
            "not JSON|hello|request body is not a valid TokenReview: invalid JSON",
            "JSON array|[1]|request body is not a valid TokenReview: not a JSON object",
            "wrong apiVersion|{\"apiVersion\":\"v1\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\"x\"}}|unsupported apiVersion \"v1\"; expected authentication.k8s.io/v1 or authentication.k8s.io/v1beta1",
            "wrong kind|{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SubjectAccessReview\"}|unsupported kind \"SubjectAccessReview\"; expected TokenReview",
            "no spec|{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\"}|TokenReview has no spec",
            "no token|{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{}}|spec.token: Required value: token must not be empty",
            "audiences not a list|{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\"x\",\"audiences\":\"a\"}}|spec.audiences must be an array of strings",
            "duplicate token|{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\"x\",\"token\":\"y\"}}|request body is not a valid TokenReview: duplicate JSON property \"token\""})
    void malformedBody_is400WithAClearMessage(String name, String bodyText, String message) {
        TokenFixture f = new TokenFixture(SigningAlgorithm.ES256);
        JsonResponse r = new TokenReviewResponder(f.verifier).respond(bodyText.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(400);
        JsonNode status = body(r);
        assertThat(status.get("kind").asString()).isEqualTo("Status");
        assertThat(status.get("reason").asString()).isEqualTo("BadRequest");
        assertThat(status.get("code").asInt()).isEqualTo(400);
        assertThat(status.get("message").asString()).startsWith(message);
    }
}
