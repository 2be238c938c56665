package dev.gatehouse.auth.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.tokens.VerificationResult.Authenticated;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tokens cross the boundary both ways: ours verify elsewhere, kube-apiserver-shaped ones verify here. */
class InteropTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(SigningAlgorithm.class)
    void issuedToken_verifiesWithJose4j_andHasKubeApiserversLayout(SigningAlgorithm algorithm) throws Exception {
        TokenFixture f = new TokenFixture(algorithm);
        IssuedToken issued = f.issuePodBound();
        KeyPair pair = TestKeys.pair(algorithm);

        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKey(pair.getPublic())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithm.name())
                .setExpectedIssuer(TokenFixture.ISSUER)
                .setExpectedAudience(TokenFixture.ISSUER)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireJwtId()
                .setEvaluationTime(NumericDate.fromSeconds(TokenFixture.START.getEpochSecond() + 30))
                .build();
        JwtContext context = consumer.process(issued.token());
        JwtClaims claims = context.getJwtClaims();
        assertThat(claims.getSubject()).isEqualTo("system:serviceaccount:default:builder");
        assertThat(context.getJoseObjects().getFirst().getKeyIdHeaderValue()).isEqualTo(KeyIds.of(pair.getPublic()));
        @SuppressWarnings("unchecked")
        Map<String, Object> k8s = (Map<String, Object>) claims.getClaimValue("kubernetes.io");
        assertThat(k8s).containsEntry("namespace", "default")
                .containsEntry("pod", Map.of("name", "web-0", "uid", "pod-uid-1"))
                .containsEntry("node", Map.of("name", "node-a", "uid", "node-uid-1"))
                .containsEntry("serviceaccount", Map.of("name", "builder", "uid", "sa-uid-1"));

        String[] parts = issued.token().split("\\.");
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        long iat = TokenFixture.START.getEpochSecond();
        assertThat(header).isEqualTo("{\"alg\":\"" + algorithm + "\",\"kid\":\"" + KeyIds.of(pair.getPublic()) + "\"}");
        assertThat(payload).isEqualTo("{\"aud\":[\"https://kubernetes.default.svc.cluster.local\"],\"exp\":" + (iat + 3600)
                + ",\"iat\":" + iat + ",\"iss\":\"https://kubernetes.default.svc.cluster.local\",\"jti\":\"" + issued.claims().jti()
                + "\",\"kubernetes.io\":{\"namespace\":\"default\",\"node\":{\"name\":\"node-a\",\"uid\":\"node-uid-1\"},"
                + "\"pod\":{\"name\":\"web-0\",\"uid\":\"pod-uid-1\"},\"serviceaccount\":{\"name\":\"builder\",\"uid\":\"sa-uid-1\"}},"
                + "\"nbf\":" + iat + ",\"sub\":\"system:serviceaccount:default:builder\"}");
    }

    /** Signs header and payload with the JDK alone, as go-jose would: no code of ours or nimbus involved. */
    static String signLikeKubeApiserver(SigningAlgorithm algorithm, String headerJson, String payloadJson) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        String jca = switch (algorithm) {
            case RS256 -> "SHA256withRSA";
            case ES256 -> "SHA256withECDSAinP1363Format";
            case ES384 -> "SHA384withECDSAinP1363Format";
            case ES512 -> "SHA512withECDSAinP1363Format";
        };
        Signature signature = Signature.getInstance(jca);
        signature.initSign(TestKeys.pair(algorithm).getPrivate());
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64.encodeToString(signature.sign());
    }

    static String kubeHeader(SigningAlgorithm algorithm) {
        return "{\"alg\":\"" + algorithm + "\",\"kid\":\"" + KeyIds.of(TestKeys.pair(algorithm).getPublic()) + "\"}";
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SigningAlgorithm.class)
    void kubeApiserverToken_podBound_authenticatesWithUpstreamsUserInfo(SigningAlgorithm algorithm) throws Exception {
        TokenFixture f = new TokenFixture(algorithm);
        long now = TokenFixture.START.getEpochSecond();
        String payload = "{\"aud\":[\"https://kubernetes.default.svc.cluster.local\",\"k3s\"],\"exp\":" + (now + 31536000)
                + ",\"iat\":" + now + ",\"iss\":\"https://kubernetes.default.svc.cluster.local\","
                + "\"jti\":\"6f0d3fa0-5c4e-4b8a-9a51-8c3c7d2c4a10\",\"kubernetes.io\":{\"namespace\":\"default\","
                + "\"node\":{\"name\":\"node-a\",\"uid\":\"node-uid-1\"},\"pod\":{\"name\":\"web-0\",\"uid\":\"pod-uid-1\"},"
                + "\"serviceaccount\":{\"name\":\"builder\",\"uid\":\"sa-uid-1\"},\"warnafter\":" + (now + 3607) + "},"
                + "\"nbf\":" + now + ",\"sub\":\"system:serviceaccount:default:builder\"}";
        String token = signLikeKubeApiserver(algorithm, kubeHeader(algorithm), payload);

        VerificationResult result = f.verifier.verify(token);
        assertThat(result).isInstanceOf(Authenticated.class);
        Authenticated a = (Authenticated) result;
        assertThat(a.identity().username()).isEqualTo("system:serviceaccount:default:builder");
        assertThat(a.identity().uid()).isEqualTo("sa-uid-1");
        assertThat(a.identity().groups()).containsExactly("system:serviceaccounts", "system:serviceaccounts:default", "system:authenticated");
        assertThat(a.identity().extra()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
                "authentication.kubernetes.io/credential-id", List.of("JTI=6f0d3fa0-5c4e-4b8a-9a51-8c3c7d2c4a10"),
                "authentication.kubernetes.io/node-name", List.of("node-a"),
                "authentication.kubernetes.io/node-uid", List.of("node-uid-1"),
                "authentication.kubernetes.io/pod-name", List.of("web-0"),
                "authentication.kubernetes.io/pod-uid", List.of("pod-uid-1"))));
        assertThat(a.audiences()).containsExactly("https://kubernetes.default.svc.cluster.local");
        assertThat(a.auditAnnotations()).isEmpty();

        // An hour and a bit later the extended token still works, with the stale-token annotation.
        f.clock.advance(java.time.Duration.ofSeconds(3607 + 100));
        Authenticated stale = (Authenticated) f.verifier.verify(token);
        assertThat(stale.auditAnnotations()).containsEntry(TokenVerifier.STALE_TOKEN_ANNOTATION,
                "subject: system:serviceaccount:default:builder, seconds after warning threshold: 100");
        assertThat(f.verifier.stats().staleTokens()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SigningAlgorithm.class, names = {"RS256", "ES256"})
    void kubeApiserverToken_withSingleStringAudienceAndNoKid_authenticates(SigningAlgorithm algorithm) throws Exception {
        TokenFixture f = new TokenFixture(algorithm);
        long now = TokenFixture.START.getEpochSecond();
        String payload = "{\"aud\":\"vault\",\"exp\":" + (now + 600) + ",\"iat\":" + now + ",\"iss\":\"" + TokenFixture.ISSUER
                + "\",\"kubernetes.io\":{\"namespace\":\"default\",\"serviceaccount\":{\"name\":\"builder\",\"uid\":\"sa-uid-1\"}},"
                + "\"nbf\":" + now + ",\"sub\":\"system:serviceaccount:default:builder\"}";
        String token = signLikeKubeApiserver(algorithm, "{\"alg\":\"" + algorithm + "\"}", payload);
        VerificationResult result = f.verifier.verify(token, List.of("vault"));
        assertThat(result).isInstanceOf(Authenticated.class);
        assertThat(((Authenticated) result).identity().extra()).isEmpty(); // no jti, not bound: no extra
    }
}
