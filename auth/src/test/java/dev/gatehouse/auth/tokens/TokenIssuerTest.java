package dev.gatehouse.auth.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.auth.tokens.VerificationResult.Authenticated;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** TokenRequest semantics of pkg/registry/core/serviceaccount/storage/token.go. */
class TokenIssuerTest {

    static final long NOW = TokenFixture.START.getEpochSecond();

    static TokenIssuer issuer(TokenFixture f, long maxExpiration) throws KeyException {
        return TokenIssuer.builder(f.keys, TokenFixture.ISSUER).apiAudiences(List.of(TokenFixture.ISSUER, "api"))
                .objects(f.objects).clock(f.clock).maxExpirationSeconds(maxExpiration).jtiSource(() -> "fixed-jti").build();
    }

    @Test
    void defaults_areServerAudiencesAndOneHour_withJtiAndAuditAnnotation() throws Exception {
        TokenFixture f = new TokenFixture(SigningAlgorithm.ES256);
        IssuedToken t = issuer(f, 0).issue("default", "builder", TokenRequestSpec.defaults());
        assertThat(t.claims().audiences()).containsExactly(TokenFixture.ISSUER, "api");
        assertThat(t.claims().issuedAt()).isEqualTo(NOW);
        assertThat(t.claims().notBefore()).isEqualTo(NOW);
        assertThat(t.claims().expiry()).isEqualTo(NOW + 3600);
        assertThat(t.expirationTimestamp().getEpochSecond()).isEqualTo(NOW + 3600);
        assertThat(t.claims().jti()).isEqualTo("fixed-jti");
        assertThat(t.claims().subject()).isEqualTo("system:serviceaccount:default:builder");
        assertThat(t.claims().pod()).isNull();
        assertThat(t.claims().warnAfter()).isNull();
        assertThat(t.warnings()).isEmpty();
        assertThat(t.auditAnnotations()).containsExactly(Map.entry("authentication.kubernetes.io/issued-credential-id", "JTI=fixed-jti"));
        assertThat(t.grantedSpec().expirationSeconds()).isEqualTo(3600);
    }

    @Test
    void randomJti_isAUuid() {
        TokenFixture f = new TokenFixture(SigningAlgorithm.ES256);
        String a = f.issue(TokenRequestSpec.defaults()).claims().jti();
        String b = f.issue(TokenRequestSpec.defaults()).claims().jti();
        assertThat(a).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}").isNotEqualTo(b);
    }

    @Test
    void longerThanTheMaximum_isShortenedWithUpstreamsWarning() throws Exception {
        TokenFixture f = new TokenFixture(SigningAlgorithm.ES256);
        IssuedToken t = issuer(f, 7200).issue("default", "builder", new TokenRequestSpec(List.of("vault"), 86400L, null));
        assertThat(t.warnings()).containsExactly("requested expiration of 86400 seconds shortened to 7200 seconds");
        assertThat(t.claims().expiry()).isEqualTo(NOW + 7200);
        assertThat(t.grantedSpec().expirationSeconds()).isEqualTo(7200);
    }

    @Test
    void podBound3607WithServerAudiences_getsOneYearAndWarnafter() throws Exception {
        TokenFixture f = new TokenFixture(SigningAlgorithm.ES256);
        IssuedToken t = issuer(f, 0).issue("default", "builder",
                new TokenRequestSpec(List.of(), 3607L, new BoundObjectRef("Pod", "v1", "web-0", "pod-uid-1")));
        assertThat(t.claims().expiry()).isEqualTo(NOW + 31_536_000);
        assertThat(t.claims().warnAfter()).isEqualTo(NOW + 3607);
        assertThat(t.expirationTimestamp().getEpochSecond()).isEqualTo(NOW + 3607);
        assertThat(t.claims().pod()).isEqualTo(new ObjectRef("web-0", "pod-uid-1"));
        assertThat(t.claims().node()).isEqualTo(new ObjectRef("node-a", "node-uid-1"));
    }

    @Test
    void extension_needsPodBindingExact3607AndOnlyServerAudiences() throws Exception {
        TokenFixture f = new TokenFixture(SigningAlgorithm.ES256);
        TokenIssuer issuer = issuer(f, 0);
        BoundObjectRef pod = new BoundObjectRef("Pod", "v1", "web-0", "");
        assertThat(issuer.issue("default", "builder", new TokenRequestSpec(List.of("vault"), 3607L, pod)).claims().expiry()).isEqualTo(NOW + 3607);
        assertThat(issuer.issue("default", "builder", new TokenRequestSpec(List.of(), 3608L, pod)).claims().expiry()).isEqualTo(NOW + 3608);
        assertThat(issuer.issue("default", "builder", new TokenRequestSpec(List.of(), 3607L, null)).claims().expiry()).isEqualTo(NOW + 3607);
        TokenIssuer noExtension = TokenIssuer.builder(f.keys, TokenFixture.ISSUER).objects(f.objects).clock(f.clock).extendExpiration(false).build();
        assertThat(noExtension.issue("default", "builder", new TokenRequestSpec(List.of(), 3607L, pod)).claims().warnAfter()).isNull();
    }

    @Test
    void podOnMissingNode_namesTheNodeWithoutUid() {
        TokenFixture f = new TokenFixture(SigningAlgorithm.ES256);
        f.objects.remove("Node", null, "node-a");
        assertThat(f.issuePodBound().claims().node()).isEqualTo(new ObjectRef("node-a", ""));
    }

    @Test
    void secretAndNodeBinding_carryOnlyThatObject() {
        TokenFixture f = new TokenFixture(SigningAlgorithm.ES256);
        TokenClaims secret = f.issue(new TokenRequestSpec(List.of(), null, new BoundObjectRef("Secret", "v1", "builder-token", "secret-uid-1"))).claims();
        assertThat(secret.secret()).isEqualTo(new ObjectRef("builder-token", "secret-uid-1"));
        assertThat(secret.pod()).isNull();
        assertThat(secret.node()).isNull();
        TokenClaims node = f.issue(new TokenRequestSpec(List.of(), null, new BoundObjectRef("Node", "v1", "node-a", ""))).claims();
        assertThat(node.node()).isEqualTo(new ObjectRef("node-a", "node-uid-1"));
        assertThat(node.pod()).isNull();
        Authenticated a = (Authenticated) f.verifier.verify(f.issue(new TokenRequestSpec(List.of(), null,
                new BoundObjectRef("Node", "v1", "node-a", ""))).token());
        assertThat(a.identity().extra()).containsKeys(Identity.NODE_NAME_KEY, Identity.NODE_UID_KEY).doesNotContainKey(Identity.POD_NAME_KEY);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("expiration under ten minutes", "builder", new TokenRequestSpec(List.of(), 599L, null), 422,
                        "TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes"),
                Arguments.of("expiration over 2^32 seconds", "builder", new TokenRequestSpec(List.of(), (1L << 32) + 1, null), 422,
                        "TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: Invalid value: 4294967297: may not specify a duration larger than 2^32 seconds"),
                Arguments.of("unknown service account", "ghost", TokenRequestSpec.defaults(), 404, "serviceaccounts \"ghost\" not found"),
                Arguments.of("unknown pod", "builder", new TokenRequestSpec(List.of(), null, new BoundObjectRef("Pod", "v1", "nope", "")), 404,
                        "pods \"nope\" not found"),
                Arguments.of("unknown secret", "builder", new TokenRequestSpec(List.of(), null, new BoundObjectRef("Secret", "v1", "nope", "")), 404,
                        "secrets \"nope\" not found"),
                Arguments.of("unknown node", "builder", new TokenRequestSpec(List.of(), null, new BoundObjectRef("Node", "v1", "nope", "")), 404,
                        "nodes \"nope\" not found"),
                Arguments.of("pod of another service account", "other", new TokenRequestSpec(List.of(), null, new BoundObjectRef("Pod", "v1", "web-0", "")), 400,
                        "cannot bind token for serviceaccount \"other\" to pod running with different serviceaccount name."),
                Arguments.of("pod uid differs", "builder", new TokenRequestSpec(List.of(), null, new BoundObjectRef("Pod", "v1", "web-0", "old-uid")), 409,
                        "Operation cannot be fulfilled on Pod \"web-0\": the UID in the bound object reference (old-uid) does not match the UID in record. The object might have been deleted and then recreated"),
                Arguments.of("kind outside the core group", "builder", new TokenRequestSpec(List.of(), null, new BoundObjectRef("Deployment", "apps/v1", "web", "")), 400,
                        "cannot bind token to object of type apps/v1, Kind=Deployment"),
                Arguments.of("core kind that cannot bound a token", "builder", new TokenRequestSpec(List.of(), null, new BoundObjectRef("ConfigMap", "v1", "cm", "")), 400,
                        "cannot bind token to object of type /v1, Kind=ConfigMap"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void invalidRequest_failsAsKubeApiserverDoes(String name, String serviceAccount, TokenRequestSpec spec, int code, String message) {
        TokenFixture f = new TokenFixture(SigningAlgorithm.ES256);
        f.objects.put(MutableObjects.serviceAccount("default", "other", "sa-uid-9"));
        assertThatThrownBy(() -> f.issuer.issue("default", serviceAccount, spec))
                .isInstanceOfSatisfying(TokenRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    @Test
    void exactly600Seconds_isAllowed() {
        TokenFixture f = new TokenFixture(SigningAlgorithm.ES256);
        assertThat(f.issue(new TokenRequestSpec(List.of(), 600L, null)).claims().expiry()).isEqualTo(NOW + 600);
    }
}
