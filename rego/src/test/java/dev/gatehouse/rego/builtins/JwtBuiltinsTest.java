package dev.gatehouse.rego.builtins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** io.jwt.* round trips with generated keys, and OPA's error texts. */
class JwtBuiltinsTest {

    /** RFC 7515 appendix A.1, as OPA's conformance case encodes it. */
    private static final String RFC_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOlsiYm9iIiwic2F1bCJdLCJleHAiOjEz"
            + "MDA4MTkzODAsImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlLCJpc3MiOiJqb2UiLCJwcml2YXRlUGFyYW1zIjp7InByaXZh"
            + "dGVfb25lIjoib25lIiwicHJpdmF0ZV90d28iOiJ0d28ifX0.-Or2eol8bzly-Ztb0v7_7UkcKBkN_aNNpK33HK0MeOY";

    private static String rsaPrivateJwk;
    private static String rsaPublicJwk;
    private static String rsaPublicPem;
    private static String ecPrivateJwk;
    private static String ecPublicJwk;

    private static String b64(BigInteger v) {
        byte[] b = v.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            b = java.util.Arrays.copyOfRange(b, 1, b.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String pad32(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(32, b.length);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair kp = rsa.generateKeyPair();
        RSAPrivateCrtKey k = (RSAPrivateCrtKey) kp.getPrivate();
        rsaPublicJwk = "{\"kty\":\"RSA\",\"n\":\"" + b64(k.getModulus()) + "\",\"e\":\"" + b64(k.getPublicExponent()) + "\"}";
        rsaPrivateJwk = rsaPublicJwk.substring(0, rsaPublicJwk.length() - 1) + ",\"d\":\"" + b64(k.getPrivateExponent())
                + "\",\"p\":\"" + b64(k.getPrimeP()) + "\",\"q\":\"" + b64(k.getPrimeQ()) + "\",\"dp\":\""
                + b64(k.getPrimeExponentP()) + "\",\"dq\":\"" + b64(k.getPrimeExponentQ()) + "\",\"qi\":\""
                + b64(k.getCrtCoefficient()) + "\"}";
        rsaPublicPem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(kp.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ekp = ec.generateKeyPair();
        ECPublicKey pub = (ECPublicKey) ekp.getPublic();
        ecPublicJwk = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + pad32(pub.getW().getAffineX()) + "\",\"y\":\""
                + pad32(pub.getW().getAffineY()) + "\"}";
        ecPrivateJwk = ecPublicJwk.substring(0, ecPublicJwk.length() - 1) + ",\"d\":\""
                + pad32(((ECPrivateKey) ekp.getPrivate()).getS()) + "\"}";
    }

    private static Value call(String name, Value... args) {
        return BuiltinTesting.builtin(name).function().apply(BuiltinTesting.context(), args);
    }

    private static String sign(String alg, String jwk) {
        return ((StringValue) JwtBuiltins.encodeSign("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}",
                "{\"iss\":\"joe\",\"aud\":\"bob\",\"exp\":4102444800,\"nbf\":0}", jwk)).value();
    }

    @Test
    void encodeSign_reproducesTheRfc7515Example() {
        Value token = BuiltinTesting.call("io.jwt.encode_sign", "[{\"alg\": \"HS256\", \"typ\": \"JWT\"}, "
                + "{\"aud\": [\"bob\", \"saul\"], \"exp\": 1300819380, \"http://example.com/is_root\": true, \"iss\": \"joe\", "
                + "\"privateParams\": {\"private_one\": \"one\", \"private_two\": \"two\"}}, "
                + "{\"k\": \"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow\", \"kty\": \"oct\"}]");
        assertThat(token).isEqualTo(StringValue.of(RFC_TOKEN));
    }

    @Test
    void decode_returnsHeaderPayloadAndHexSignature() {
        ArrayValue parts = (ArrayValue) call("io.jwt.decode", StringValue.of(RFC_TOKEN));
        assertThat(parts.get(0)).isEqualTo(BuiltinTesting.value("{\"alg\": \"HS256\", \"typ\": \"JWT\"}"));
        assertThat(((dev.gatehouse.rego.value.ObjectValue) parts.get(1)).get("iss")).isEqualTo(StringValue.of("joe"));
        assertThat(((StringValue) parts.get(2)).value()).startsWith("f8eaf67a").hasSize(64);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        a token without periods                  | abc           | encoded JWT had no period separators
        a token with two sections                | a.b           | encoded JWT must have 3 sections, found 2
        a header with a bad base64 character     | e*J9.e30.e30  | JWT header had invalid encoding: illegal base64 data at input byte 1
        """)
    void decode_reportsMalformedTokens(String behaviour, String token, String message) {
        assertThatThrownBy(() -> call("io.jwt.decode", StringValue.of(token))).hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        RS256 with a public JWK     | RS256 | io.jwt.verify_rs256 | rsa-jwk
        RS256 with a PEM public key | RS256 | io.jwt.verify_rs256 | rsa-pem
        PS384 with a public JWK     | PS384 | io.jwt.verify_ps384 | rsa-jwk
        ES256 with a public JWK     | ES256 | io.jwt.verify_es256 | ec-jwk
        """)
    void verify_acceptsTokensSignedWithTheMatchingKey(String behaviour, String alg, String builtin, String keyKind) {
        String token = sign(alg, alg.startsWith("ES") ? ecPrivateJwk : rsaPrivateJwk);
        String key = switch (keyKind) {
            case "rsa-pem" -> rsaPublicPem;
            case "ec-jwk" -> ecPublicJwk;
            default -> rsaPublicJwk;
        };
        assertThat(call(builtin, StringValue.of(token), StringValue.of(key))).isEqualTo(BooleanValue.TRUE);
        String tampered = token.substring(0, token.lastIndexOf('.') - 2) + "xx" + token.substring(token.lastIndexOf('.'));
        assertThat(call(builtin, StringValue.of(tampered), StringValue.of(key))).isEqualTo(BooleanValue.FALSE);
    }

    @Test
    void verifyHs256_usesThePlainSecret() {
        String token = sign("HS256", "{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}");
        assertThat(call("io.jwt.verify_hs256", StringValue.of(token), StringValue.of("secret"))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("io.jwt.verify_hs256", StringValue.of(token), StringValue.of("wrong"))).isEqualTo(BooleanValue.FALSE);
    }

    @Test
    void verify_rejectsTwoPemBlocks() {
        String token = sign("RS256", rsaPrivateJwk);
        assertThatThrownBy(() -> call("io.jwt.verify_rs256", StringValue.of(token), StringValue.of(rsaPublicPem + rsaPublicPem)))
                .hasMessage("extra data after a PEM certificate block");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        matching issuer and audience verify           | {"iss": "joe", "aud": "bob"}  | true
        a wrong issuer does not verify                 | {"iss": "ann", "aud": "bob"}  | false
        a missing audience constraint does not verify  | {"iss": "joe"}                | false
        a time after exp does not verify               | {"aud": "bob", "time": 4102444800000000001} | false
        """)
    void decodeVerify_checksClaims(String behaviour, String extraConstraints, boolean valid) {
        String token = sign("ES256", ecPrivateJwk);
        String constraints = "{\"cert\": " + dev.gatehouse.rego.value.ValueJson.toJson(StringValue.of(ecPublicJwk)) + ", "
                + extraConstraints.substring(1);
        ArrayValue out = (ArrayValue) call("io.jwt.decode_verify", StringValue.of(token), BuiltinTesting.value(constraints));
        assertThat(out.get(0)).isEqualTo(BooleanValue.of(valid));
    }

    @Test
    void decodeVerify_rejectsUnknownConstraints() {
        assertThatThrownBy(() -> call("io.jwt.decode_verify", StringValue.of(RFC_TOKEN),
                BuiltinTesting.value("{\"secret\": \"x\", \"bogus\": 1}")))
                .hasMessage("unknown token validation constraint: bogus");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        an unknown algorithm         | {"alg":"dummy"} | unknown JWS algorithm: dummy
        a header without alg         | {}              | missing or invalid 'alg' header: jwsbb: header "alg" not found
        an empty header              | ''              | missing or invalid 'alg' header: cannot parse JSON: cannot parse empty string
        """)
    void encodeSignRaw_reportsHeaderErrors(String behaviour, String header, String message) {
        assertThatThrownBy(() -> JwtBuiltins.encodeSign(header, "{}", "{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}"))
                .hasMessage(message);
    }
}
