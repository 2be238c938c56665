package dev.gatehouse.auth.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.tokens.TokenRequestAuthorization.Caller;
import dev.gatehouse.auth.tokens.TokenRequestAuthorization.Rule;
import dev.gatehouse.auth.tokens.VerificationResult.Authenticated;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TokenRequestResponderTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Caller DEPLOYER = new Caller("system:serviceaccount:ci:deployer", List.of("system:serviceaccounts"));
    static final TokenRequestAuthorization AUTHZ = new TokenRequestAuthorization(List.of(
            new Rule(List.of(DEPLOYER.username()), List.of(), List.of("default"), List.of("builder"))));

    @TempDir
    Path dir;

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void authorizedRequest_returns201WithTokenThatVerifies() throws Exception {
        TokenFixture f = new TokenFixture(SigningAlgorithm.ES256);
        TokenIssuer issuer = TokenIssuer.builder(f.keys, TokenFixture.ISSUER).objects(f.objects).clock(f.clock).maxExpirationSeconds(3600).build();
        JsonResponse r = new TokenRequestResponder(issuer, AUTHZ).respond(DEPLOYER, "default", "builder", bytes(
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"spec\":{\"audiences\":[\"vault\"],"
                        + "\"expirationSeconds\":7200,\"boundObjectRef\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"name\":\"web-0\"}}}"));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.headers()).containsEntry("Warning", List.of("299 - \"requested expiration of 7200 seconds shortened to 3600 seconds\""));
        assertThat(r.auditAnnotations()).containsKey("authentication.kubernetes.io/issued-credential-id");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("metadata").toString())
                .isEqualTo("{\"name\":\"builder\",\"namespace\":\"default\",\"creationTimestamp\":\"2026-01-01T00:00:00Z\"}");
        assertThat(body.get("spec").toString()).isEqualTo("{\"audiences\":[\"vault\"],\"expirationSeconds\":3600,"
                + "\"boundObjectRef\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"name\":\"web-0\"}}");
        assertThat(body.get("status").get("expirationTimestamp").asString()).isEqualTo("2026-01-01T01:00:00Z");
        String token = body.get("status").get("token").asString();
        assertThat(f.verifier.verify(token, List.of("vault"))).isInstanceOf(Authenticated.class);
    }

    @Test
    void unauthorizedCaller_gets403InRbacWording() {
        TokenFixture f = new TokenFixture(SigningAlgorithm.ES256);
        JsonResponse r = new TokenRequestResponder(f.issuer, AUTHZ).respond(new Caller("alice", List.of()), "default", "builder", bytes("{}"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(JSON.readTree(r.body()).get("message").asString()).isEqualTo("serviceaccounts \"builder\" is forbidden: User \"alice\" "
                + "cannot create resource \"serviceaccounts/token\" in API group \"\" in the namespace \"default\"");
        JsonResponse other = new TokenRequestResponder(f.issuer, AUTHZ).respond(DEPLOYER, "default", "admin", bytes("{}"));
        assertThat(other.status()).isEqualTo(403);
    }

    @Test
    void nameInBodyThatDiffersFromUrl_is422() {
        TokenFixture f = new TokenFixture(SigningAlgorithm.ES256);
        JsonResponse r = new TokenRequestResponder(f.issuer, AUTHZ).respond(DEPLOYER, "default", "builder",
                bytes("{\"metadata\":{\"name\":\"other\"},\"spec\":{}}"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(JSON.readTree(r.body()).get("message").asString()).isEqualTo("TokenRequest.authentication.k8s.io \"builder\" is invalid: "
                + "metadata.name: Invalid value: \"other\": must match the service account name if specified");
    }

    @Test
    void issuerRefusal_becomesAStatusWithUpstreamsCode() {
        TokenFixture f = new TokenFixture(SigningAlgorithm.ES256);
        JsonResponse r = new TokenRequestResponder(f.issuer, AUTHZ).respond(DEPLOYER, "default", "builder",
                bytes("{\"spec\":{\"expirationSeconds\":60}}"));
        assertThat(r.status()).isEqualTo(422);
        JsonNode status = JSON.readTree(r.body());
        assertThat(status.get("reason").asString()).isEqualTo("Invalid");
        assertThat(status.get("message").asString()).endsWith("Invalid value: 60: may not specify a duration less than 10 minutes");
        JsonResponse bad = new TokenRequestResponder(f.issuer, AUTHZ).respond(DEPLOYER, "default", "builder",
                bytes("{\"spec\":{\"expirationSeconds\":\"1h\"}}"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("message").asString()).isEqualTo("spec.expirationSeconds must be an integer");
    }

    @Test
    void authorizationFile_loadsRules_andNamesBadFields() throws Exception {
        Path file = dir.resolve("authz.yaml");
        Files.writeString(file, """
                rules:
                - groups: ["system:masters"]
                  namespaces: ["*"]
                  serviceAccounts: ["*"]
                """);
        TokenRequestAuthorization authz = TokenRequestAuthorization.load(file);
        assertThat(authz.allows(new Caller("bob", List.of("system:masters")), "kube-system", "anything")).isTrue();
        assertThat(authz.allows(new Caller("bob", List.of()), "kube-system", "anything")).isFalse();
        Files.writeString(file, "rules:\n- user: [x]\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TokenRequestAuthorization.load(file))
                .hasMessage(file + ": rules[0]: unknown field \"user\" (expected users, groups, namespaces, serviceAccounts)");
    }
}
