package dev.gatehouse.auth.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.tokens.VerificationResult.Authenticated;
import dev.gatehouse.auth.tokens.VerificationResult.Rejected;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Secret-based tokens as the old token controller wrote them (legacy.go). */
class LegacyTokenTest {

    static final SigningAlgorithm ALG = SigningAlgorithm.RS256;

    static String legacyToken(String saUid) throws Exception {
        String payload = "{\"iss\":\"kubernetes/serviceaccount\",\"kubernetes.io/serviceaccount/namespace\":\"default\","
                + "\"kubernetes.io/serviceaccount/secret.name\":\"builder-token\",\"kubernetes.io/serviceaccount/service-account.name\":\"builder\","
                + "\"kubernetes.io/serviceaccount/service-account.uid\":\"" + saUid + "\",\"sub\":\"system:serviceaccount:default:builder\"}";
        return InteropTest.signLikeKubeApiserver(ALG, InteropTest.kubeHeader(ALG), payload);
    }

    static TokenVerifier verifier(TokenFixture f, boolean legacy) {
        return TokenVerifier.builder(f.keys, List.of(TokenFixture.ISSUER)).objects(f.objects).clock(f.clock).legacyTokens(legacy).build();
    }

    static void store(TokenFixture f, String token, Consumer<Secret> change) {
        Secret secret = MutableObjects.secret("default", "builder-token", "secret-uid-1");
        secret.setData(Map.of("token", Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8))));
        change.accept(secret);
        f.objects.put(secret);
    }

    @Test
    void legacyToken_heldByItsSecret_authenticatesWithAnnotations() throws Exception {
        TokenFixture f = new TokenFixture(ALG);
        String token = legacyToken("sa-uid-1");
        store(f, token, s -> {});
        Authenticated a = (Authenticated) verifier(f, true).verify(token);
        assertThat(a.identity().username()).isEqualTo("system:serviceaccount:default:builder");
        assertThat(a.identity().extra()).isEmpty();
        assertThat(a.auditAnnotations()).containsEntry("authentication.k8s.io/legacy-token", "system:serviceaccount:default:builder")
                .containsEntry("authentication.k8s.io/legacy-token-manual-secret", "builder-token");
        assertThat(verifier(f, false).verify(token)).isEqualTo(VerificationResult.NOT_MINE);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("secret deleted", (Consumer<TokenFixture>) f -> f.objects.remove("Secret", "default", "builder-token"),
                        FailureReason.INVALIDATED, "Token has been invalidated"),
                Arguments.of("secret holds another token", (Consumer<TokenFixture>) f -> {
                            try {
                                store(f, legacyToken("other"), s -> {});
                            } catch (Exception e) {
                                throw new AssertionError(e);
                            }
                        }, FailureReason.INVALIDATED, "Token does not match server's copy"),
                Arguments.of("service account re-created", (Consumer<TokenFixture>) f -> f.objects.put(MutableObjects.serviceAccount("default", "builder", "sa-uid-2")),
                        FailureReason.SERVICE_ACCOUNT_UID_MISMATCH, "ServiceAccount UID (sa-uid-2) does not match claim (sa-uid-1)"),
                Arguments.of("secret labelled invalid", (Consumer<TokenFixture>) f -> {
                            Secret s = (Secret) f.objects.objects.get("Secret/default/builder-token");
                            s.getMetadata().setLabels(Map.of("kubernetes.io/legacy-token-invalid-since", "2025-01-01"));
                        }, FailureReason.INVALIDATED, "the token in secret default/builder-token for service account default/builder has been marked invalid. "
                                + "Use tokens from the TokenRequest API or manually created secret-based tokens, or remove the "
                                + "'kubernetes.io/legacy-token-invalid-since' label from the secret to temporarily allow use of this token"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void legacyToken_failsAsUpstream(String name, Consumer<TokenFixture> change, FailureReason reason, String message) throws Exception {
        TokenFixture f = new TokenFixture(ALG);
        String token = legacyToken("sa-uid-1");
        store(f, token, s -> {});
        change.accept(f);
        assertThat(verifier(f, true).verify(token)).isEqualTo(new Rejected(reason, message));
    }

    @Test
    void autoGeneratedSecret_isAnnotatedAsSuch() throws Exception {
        TokenFixture f = new TokenFixture(ALG);
        String token = legacyToken("sa-uid-1");
        store(f, token, s -> {});
        var sa = MutableObjects.serviceAccount("default", "builder", "sa-uid-1");
        sa.setSecrets(List.of(new ObjectReferenceBuilder().withName("builder-token").build()));
        f.objects.put(sa);
        Authenticated a = (Authenticated) verifier(f, true).verify(token);
        assertThat(a.auditAnnotations()).containsEntry("authentication.k8s.io/legacy-token-autogenerated-secret", "builder-token");
    }
}
