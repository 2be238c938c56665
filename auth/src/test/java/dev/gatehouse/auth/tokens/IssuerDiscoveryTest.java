package dev.gatehouse.auth.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class IssuerDiscoveryTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static KeySet rotation() throws KeyException {
        return KeySet.of(List.of(TestKeys.key(SigningAlgorithm.ES256), TestKeys.key(SigningAlgorithm.RS256),
                TestKeys.key(SigningAlgorithm.ES256), TestKeys.key(SigningAlgorithm.ES512)));
    }

    @Test
    void openIdConfiguration_listsIssuerJwksUriAndSortedAlgorithms() throws Exception {
        IssuerDiscovery discovery = new IssuerDiscovery(TokenFixture.ISSUER, null, rotation());
        JsonResponse r = discovery.openIdConfiguration();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.headers()).containsEntry("Cache-Control", List.of("public, max-age=3600"));
        assertThat(r.bodyText()).isEqualTo("{\"issuer\":\"https://kubernetes.default.svc.cluster.local\","
                + "\"jwks_uri\":\"https://kubernetes.default.svc.cluster.local/openid/v1/jwks\","
                + "\"response_types_supported\":[\"id_token\"],\"subject_types_supported\":[\"public\"],"
                + "\"id_token_signing_alg_values_supported\":[\"ES256\",\"ES512\",\"RS256\"]}");
    }

    @Test
    void jwks_hasEachDistinctKeyOnce_inGoJoseFieldOrder() throws Exception {
        JsonResponse r = new IssuerDiscovery(TokenFixture.ISSUER, "https://example.com/keys", rotation()).jwks();
        assertThat(r.contentType()).isEqualTo("application/jwk-set+json");
        assertThat(r.headers()).containsEntry("Cache-Control", List.of("public, max-age=3600"));
        JsonNode keys = JSON.readTree(r.body()).get("keys");
        assertThat(keys).hasSize(3);
        List<String> fields = new java.util.ArrayList<>();
        keys.get(0).propertyNames().forEach(fields::add);
        assertThat(fields).containsExactly("use", "kty", "kid", "crv", "alg", "x", "y");
        fields.clear();
        keys.get(1).propertyNames().forEach(fields::add);
        assertThat(fields).containsExactly("use", "kty", "kid", "alg", "n", "e");
        assertThat(keys.get(1).get("e").asString()).isEqualTo("AQAB");
        assertThat(keys.get(2).get("crv").asString()).isEqualTo("P-521");
        assertThat(keys.get(2).get("x").asString()).hasSize(88); // 66 bytes, padded
        assertThat(keys.get(0).get("kid").asString()).isEqualTo(KeyIds.of(TestKeys.pair(SigningAlgorithm.ES256).getPublic()));
    }

    @Test
    void jwks_letsAnIndependentLibraryVerifyOurTokens() throws Exception {
        TokenFixture f = new TokenFixture(SigningAlgorithm.ES256);
        String jwks = new IssuerDiscovery(TokenFixture.ISSUER, null, rotation()).jwks().bodyText();
        var consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .setExpectedIssuer(TokenFixture.ISSUER).setExpectedAudience(TokenFixture.ISSUER)
                .setEvaluationTime(NumericDate.fromSeconds(TokenFixture.START.getEpochSecond())).build();
        assertThat(consumer.processToClaims(f.issuePodBound().token()).getSubject()).isEqualTo("system:serviceaccount:default:builder");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://kubernetes.default.svc", "https://issuer.example/?a=b", "https://issuer.example/#frag", "kubernetes/serviceaccount"})
    void issuerThatIsNotAPlainHttpsUrl_isRefused(String issuer) {
        assertThatThrownBy(() -> new IssuerDiscovery(issuer, null, rotation())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(issuer);
    }
}
