package dev.gatehouse.auth.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.tokens.VerificationResult.Authenticated;
import dev.gatehouse.auth.tokens.VerificationResult.Rejected;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile and invalid tokens, each refused for its own reason with kube-apiserver's text where it has one. */
class AttackCorpusTest {

    static final SigningAlgorithm ALG = SigningAlgorithm.ES256;
    static final long NOW = TokenFixture.START.getEpochSecond();
    static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    static TokenClaims claims() {
        return new TokenClaims(TokenFixture.ISSUER, "system:serviceaccount:default:builder", List.of(TokenFixture.ISSUER),
                NOW, NOW, NOW + 3600, "jti-1", "default", new ObjectRef("builder", "sa-uid-1"),
                new ObjectRef("web-0", "pod-uid-1"), null, new ObjectRef("node-a", "node-uid-1"), null);
    }

    static String json(TokenClaims c) {
        return c.toJson().toString();
    }

    static String sign(String header, String payload) {
        try {
            return InteropTest.signLikeKubeApiserver(ALG, header, payload);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String signed(TokenClaims c) {
        return sign(InteropTest.kubeHeader(ALG), json(c));
    }

    static String withHeader(String header, String payload, String signature) {
        return B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + signature;
    }

    static String hs256WithPublicKey() {
        try {
            String input = B64.encodeToString("{\"alg\":\"HS256\",\"kid\":\"x\"}".getBytes(StandardCharsets.UTF_8)) + "."
                    + B64.encodeToString(json(claims()).getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] publicPem = KeyGenerator.pem("PUBLIC KEY", TestKeys.pair(ALG).getPublic().getEncoded()).getBytes(StandardCharsets.US_ASCII);
            mac.init(new SecretKeySpec(publicPem, "HmacSHA256"));
            return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static TokenClaims with(Function<TokenClaims, TokenClaims> change) {
        return change.apply(claims());
    }

    record Case(Function<TokenFixture, String> token, Consumer<TokenFixture> setup, FailureReason reason, String message) {}

    static Arguments rejected(String name, Function<TokenFixture, String> token, FailureReason reason, String message) {
        return Arguments.of(name, new Case(token, f -> {}, reason, message));
    }

    static Arguments rejectedAfter(String name, Consumer<TokenFixture> setup, FailureReason reason, String message) {
        return Arguments.of(name, new Case(f -> signed(claims()), setup, reason, message));
    }

    static Stream<Arguments> corpus() {
        String kid = KeyIds.of(TestKeys.pair(ALG).getPublic());
        String payload = json(claims());
        String notUtf8 = B64.encodeToString("{\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(concat(("{\"iss\":\"" + TokenFixture.ISSUER + "\",\"sub\":\"").getBytes(StandardCharsets.UTF_8),
                        new byte[] {(byte) 0xC3, (byte) 0x28}, "\"}".getBytes(StandardCharsets.UTF_8))) + ".c2ln";
        return Stream.of(
                rejected("alg none with an empty signature", f -> withHeader("{\"alg\":\"none\",\"kid\":\"" + kid + "\"}", payload, ""),
                        FailureReason.UNSUPPORTED_ALGORITHM, "token signing algorithm \"none\" is not supported (accepted: RS256, ES256, ES384, ES512)"),
                rejected("HS256 signed with the public key as HMAC secret", f -> hs256WithPublicKey(),
                        FailureReason.UNSUPPORTED_ALGORITHM, "token signing algorithm \"HS256\" is not supported (accepted: RS256, ES256, ES384, ES512)"),
                rejected("unknown alg PS256", f -> withHeader("{\"alg\":\"PS256\"}", payload, "c2ln"),
                        FailureReason.UNSUPPORTED_ALGORITHM, "token signing algorithm \"PS256\" is not supported (accepted: RS256, ES256, ES384, ES512)"),
                rejected("header without alg", f -> withHeader("{\"kid\":\"" + kid + "\"}", payload, "c2ln"),
                        FailureReason.UNSUPPORTED_ALGORITHM, "token signing algorithm (missing) is not supported (accepted: RS256, ES256, ES384, ES512)"),
                rejected("unknown kid", f -> sign("{\"alg\":\"ES256\",\"kid\":\"no-such-key\"}", payload),
                        FailureReason.NO_KEYS, "invalid signature, no keys found"),
                rejected("kid path traversal", f -> sign("{\"alg\":\"ES256\",\"kid\":\"../../../../etc/passwd\"}", payload),
                        FailureReason.NO_KEYS, "invalid signature, no keys found"),
                rejected("kid naming a key file", f -> sign("{\"alg\":\"ES256\",\"kid\":\"/etc/gatehouse/keys/sa.key\"}", payload),
                        FailureReason.NO_KEYS, "invalid signature, no keys found"),
                rejected("kid that is not a string", f -> sign("{\"alg\":\"ES256\",\"kid\":{\"path\":\"x\"}}", payload),
                        FailureReason.MALFORMED, "token header \"kid\" must be a string"),
                rejected("stripped signature", f -> { String t = signed(claims()); return t.substring(0, t.lastIndexOf('.') + 1); },
                        FailureReason.MISSING_SIGNATURE, "token signature is missing"),
                rejected("signature of another token", f -> {
                            String good = signed(claims());
                            String other = signed(with(c -> new TokenClaims(c.issuer(), c.subject(), c.audiences(), c.issuedAt(), c.notBefore(),
                                    c.expiry() + 1, c.jti(), c.namespace(), c.serviceAccount(), c.pod(), c.secret(), c.node(), c.warnAfter())));
                            return good.substring(0, good.lastIndexOf('.')) + other.substring(other.lastIndexOf('.'));
                        }, FailureReason.INVALID_SIGNATURE, "go-jose/go-jose: error in cryptographic primitive"),
                rejected("signature that is not base64url", f -> { String t = signed(claims()); return t + "!"; },
                        FailureReason.INVALID_SIGNATURE, "go-jose/go-jose: error in cryptographic primitive"),
                rejected("signed by a foreign key claiming our kid", f -> {
                            try {
                                var foreign = KeyGenerator.generate(ALG);
                                String input = B64.encodeToString(InteropTest.kubeHeader(ALG).getBytes(StandardCharsets.UTF_8)) + "."
                                        + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
                                var s = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
                                s.initSign(foreign.getPrivate());
                                s.update(input.getBytes(StandardCharsets.US_ASCII));
                                return input + "." + B64.encodeToString(s.sign());
                            } catch (Exception e) {
                                throw new AssertionError(e);
                            }
                        }, FailureReason.INVALID_SIGNATURE, "go-jose/go-jose: error in cryptographic primitive"),
                rejected("attacker's own key embedded in a jwk header", f -> {
                            try {
                                var foreign = KeyGenerator.generate(ALG);
                                var k = (java.security.interfaces.ECPublicKey) foreign.getPublic();
                                String jwk = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + B64.encodeToString(k.getW().getAffineX().toByteArray())
                                        + "\",\"y\":\"" + B64.encodeToString(k.getW().getAffineY().toByteArray()) + "\"}";
                                String header = "{\"alg\":\"ES256\",\"kid\":\"" + kid + "\",\"jwk\":" + jwk + "}";
                                String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                                        + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
                                var s = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
                                s.initSign(foreign.getPrivate());
                                s.update(input.getBytes(StandardCharsets.US_ASCII));
                                return input + "." + B64.encodeToString(s.sign());
                            } catch (Exception e) {
                                throw new AssertionError(e);
                            }
                        }, FailureReason.INVALID_SIGNATURE, "go-jose/go-jose: error in cryptographic primitive"),
                rejected("RS256 header on our EC key's kid", f -> sign("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}", payload),
                        FailureReason.INVALID_SIGNATURE, "go-jose/go-jose: error in cryptographic primitive"),
                rejected("expired beyond the leeway", f -> signed(with(c -> times(c, NOW - 7200, NOW - 7200, NOW - 61))),
                        FailureReason.EXPIRED, "service account token has expired"),
                rejected("not yet valid beyond the leeway", f -> signed(with(c -> times(c, NOW, NOW + 61, NOW + 3600))),
                        FailureReason.NOT_YET_VALID, "service account token is not valid yet"),
                rejected("issued in the future beyond the leeway", f -> signed(with(c -> times(c, NOW + 120, null, NOW + 3600))),
                        FailureReason.ISSUED_IN_FUTURE, "service account token is issued in the future"),
                rejected("wrong audience", f -> signed(with(c -> new TokenClaims(c.issuer(), c.subject(), List.of("vault", "s3"), c.issuedAt(),
                                c.notBefore(), c.expiry(), c.jti(), c.namespace(), c.serviceAccount(), c.pod(), c.secret(), c.node(), c.warnAfter()))),
                        FailureReason.INVALID_AUDIENCE,
                        "token audiences [\"vault\" \"s3\"] is invalid for the target audiences [\"https://kubernetes.default.svc.cluster.local\"]"),
                rejected("duplicate iss in the payload", f -> sign(InteropTest.kubeHeader(ALG),
                                payload.replaceFirst("\\{", "{\"iss\":\"https://evil.example\",")),
                        FailureReason.DUPLICATE_CLAIM, "token payload has a duplicate JSON property \"iss\""),
                rejected("duplicate uid inside kubernetes.io", f -> sign(InteropTest.kubeHeader(ALG),
                                payload.replace("\"uid\":\"sa-uid-1\"", "\"uid\":\"sa-uid-1\",\"uid\":\"sa-uid-2\"")),
                        FailureReason.DUPLICATE_CLAIM, "token payload has a duplicate JSON property \"uid\""),
                rejected("duplicate alg in the header", f -> sign("{\"alg\":\"ES256\",\"alg\":\"none\"}", payload),
                        FailureReason.DUPLICATE_CLAIM, "token header has a duplicate JSON property \"alg\""),
                rejected("token over 64 KiB", f -> "a".repeat(TokenVerifier.MAX_TOKEN_LENGTH + 1),
                        FailureReason.TOO_LARGE, "token is larger than 65536 bytes"),
                rejected("payload that is not UTF-8", f -> notUtf8,
                        FailureReason.MALFORMED, "token payload is not valid UTF-8"),
                rejected("exp that is not a number", f -> sign(InteropTest.kubeHeader(ALG), payload.replace("\"exp\":" + (NOW + 3600), "\"exp\":\"soon\"")),
                        FailureReason.MALFORMED, "token claims are malformed: claim \"exp\" must be a NumericDate (a number of seconds)"),
                rejected("critical header extension", f -> sign("{\"alg\":\"ES256\",\"crit\":[\"b64\"],\"b64\":false}", payload),
                        FailureReason.MALFORMED, "token header has critical extensions (crit), which are not supported"),
                rejectedAfter("bound pod deleted", f -> f.objects.remove("Pod", "default", "web-0"),
                        FailureReason.INVALIDATED, "service account token has been invalidated"),
                rejectedAfter("bound pod deleting for over a minute", f -> {
                            var pod = MutableObjects.pod("default", "web-0", "pod-uid-1", "builder", "node-a");
                            pod.getMetadata().setDeletionTimestamp("2025-12-31T23:58:00Z");
                            f.objects.put(pod);
                        }, FailureReason.INVALIDATED, "service account token has been invalidated"),
                rejectedAfter("bound pod re-created with a new uid", f -> f.objects.put(MutableObjects.pod("default", "web-0", "pod-uid-2", "builder", "node-a")),
                        FailureReason.BOUND_OBJECT_UID_MISMATCH, "pod UID (pod-uid-2) does not match service account pod ref claim (pod-uid-1)"),
                rejectedAfter("service account re-created with a new uid", f -> f.objects.put(MutableObjects.serviceAccount("default", "builder", "sa-uid-2")),
                        FailureReason.SERVICE_ACCOUNT_UID_MISMATCH, "service account UID (sa-uid-2) does not match claim (sa-uid-1)"),
                rejectedAfter("service account deleted", f -> f.objects.remove("ServiceAccount", "default", "builder"),
                        FailureReason.SERVICE_ACCOUNT_NOT_FOUND, "serviceaccounts \"builder\" not found"),
                rejectedAfter("service account deleting for over a minute", f -> {
                            var sa = MutableObjects.serviceAccount("default", "builder", "sa-uid-1");
                            sa.getMetadata().setDeletionTimestamp("2025-12-31T23:00:00Z");
                            f.objects.put(sa);
                        }, FailureReason.SERVICE_ACCOUNT_DELETED, "service account default/builder has been deleted"),
                rejectedAfter("jti revoked", f -> f.revocations.revoke("jti-1"),
                        FailureReason.REVOKED, "service account token has been revoked"),
                rejected("secret-bound token whose secret is gone", f -> {
                            f.objects.remove("Secret", "default", "builder-token");
                            return signed(with(c -> new TokenClaims(c.issuer(), c.subject(), c.audiences(), c.issuedAt(), c.notBefore(), c.expiry(),
                                    c.jti(), c.namespace(), c.serviceAccount(), null, new ObjectRef("builder-token", "secret-uid-1"), null, null)));
                        }, FailureReason.INVALIDATED, "service account token has been invalidated"),
                rejected("node-bound token whose node was re-created", f -> {
                            f.objects.put(MutableObjects.node("node-a", "node-uid-2"));
                            return signed(with(c -> new TokenClaims(c.issuer(), c.subject(), c.audiences(), c.issuedAt(), c.notBefore(), c.expiry(),
                                    c.jti(), c.namespace(), c.serviceAccount(), null, null, new ObjectRef("node-a", "node-uid-1"), null)));
                        }, FailureReason.BOUND_OBJECT_UID_MISMATCH, "node UID (node-uid-2) does not match service account node ref claim (node-uid-1)"));
    }

    static TokenClaims times(TokenClaims c, Long iat, Long nbf, Long exp) {
        return new TokenClaims(c.issuer(), c.subject(), c.audiences(), iat, nbf, exp, c.jti(), c.namespace(), c.serviceAccount(),
                c.pod(), c.secret(), c.node(), c.warnAfter());
    }

    static byte[] concat(byte[]... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void hostileOrInvalidToken_isRejectedWithItsReason(String name, Case c) {
        for (boolean cached : new boolean[] {false, true}) {
            TokenFixture f = new TokenFixture(ALG, cached);
            String token = c.token.apply(f);
            c.setup.accept(f);
            VerificationResult result = f.verifier.verify(token);
            assertThat(result).as(name + (cached ? " (cached verifier)" : "")).isEqualTo(new Rejected(c.reason, c.message));
        }
    }

    static Stream<Arguments> notMine() {
        String payload = json(claims());
        return Stream.of(
                Arguments.of("foreign issuer", signed(with(c -> new TokenClaims("https://accounts.google.com", c.subject(), c.audiences(),
                        c.issuedAt(), c.notBefore(), c.expiry(), c.jti(), c.namespace(), c.serviceAccount(), c.pod(), c.secret(), c.node(), null)))),
                Arguments.of("no issuer", signed(with(c -> new TokenClaims(null, c.subject(), c.audiences(), c.issuedAt(), c.notBefore(),
                        c.expiry(), c.jti(), c.namespace(), c.serviceAccount(), c.pod(), c.secret(), c.node(), null)))),
                Arguments.of("opaque bearer token", "0123456789abcdef0123456789abcdef"),
                Arguments.of("two-part token", "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJ4In0"),
                Arguments.of("four-part token", signed(claims()) + ".x"),
                Arguments.of("JSON serialisation", "{\"payload\":\"x\",\"signatures\":[]}"),
                Arguments.of("payload not base64url", "a.b+c/d=.e"),
                Arguments.of("payload not JSON", withHeader("{\"alg\":\"ES256\"}", "not json", "c2ln")),
                Arguments.of("issuer that is not a string", withHeader("{\"alg\":\"ES256\"}", payload.replace("\"iss\":\"" + TokenFixture.ISSUER + "\"",
                        "\"iss\":[\"" + TokenFixture.ISSUER + "\"]"), "c2ln")),
                Arguments.of("empty string", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notMine")
    void tokenOfAnotherIssuerOrNoJwt_isNotMineWithoutError(String name, String token) {
        TokenFixture f = new TokenFixture(ALG);
        assertThat(f.verifier.verify(token)).isEqualTo(VerificationResult.NOT_MINE);
    }

    @Test
    void timesWithinTheMinuteOfLeeway_areAccepted() {
        TokenFixture f = new TokenFixture(ALG);
        assertThat(f.verifier.verify(signed(with(c -> times(c, NOW + 59, NOW + 59, NOW - 59))))).isInstanceOf(Authenticated.class);
    }

    @Test
    void podDeletingForLessThanTheLeeway_stillAuthenticates() {
        TokenFixture f = new TokenFixture(ALG);
        var pod = MutableObjects.pod("default", "web-0", "pod-uid-1", "builder", "node-a");
        pod.getMetadata().setDeletionTimestamp("2025-12-31T23:59:30Z");
        f.objects.put(pod);
        assertThat(f.verifier.verify(signed(claims()))).isInstanceOf(Authenticated.class);
    }

    @Test
    void podBoundToken_doesNotCheckThePodsNode() {
        TokenFixture f = new TokenFixture(ALG);
        f.objects.remove("Node", null, "node-a");
        Authenticated a = (Authenticated) f.verifier.verify(signed(claims()));
        assertThat(a.identity().extra()).containsEntry(Identity.NODE_NAME_KEY, List.of("node-a"));
    }

    @Test
    void cachedSuccess_isNotServedPastTheTokensExpiry() {
        TokenFixture f = new TokenFixture(ALG);
        String token = signed(with(c -> times(c, NOW, NOW, NOW + 600)));
        assertThat(f.verifier.verify(token)).isInstanceOf(Authenticated.class);
        f.clock.advance(Duration.ofSeconds(600 + 61));
        assertThat(f.verifier.verify(token)).isEqualTo(new Rejected(FailureReason.EXPIRED, "service account token has expired"));
    }
}
