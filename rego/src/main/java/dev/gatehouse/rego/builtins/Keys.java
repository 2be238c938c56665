package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPrivateKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;

/**
 * Key material for the JWT and crypto families, read with the JDK only: PEM blocks (certificates and public
 * keys, Go's pem.Decode rules) and JSON Web Keys / key sets (RFC 7517: RSA, EC P-256/384/521, Ed25519, oct).
 * Stateless.
 */
final class Keys {
    private Keys() {}

    /** A key with the optional "alg" and "kid" a JWK carried. */
    record JwkKey(Key key, String alg, String kid) {}

    /** One PEM block and whatever text follows it. */
    record PemBlock(String type, byte[] bytes, String rest) {}

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([^-\\r\\n]+)-----\\r?\\n((?:[^\\r\\n]*:[^\\r\\n]*\\r?\\n)*)([A-Za-z0-9+/=\\s]*?)-----END \\1-----[ \\t]*\\r?\\n?");

    /** The first PEM block in {@code text}, or null when there is none (as Go's pem.Decode). */
    static PemBlock pem(String text) {
        Matcher m = PEM.matcher(text);
        if (!m.find()) {
            return null;
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(m.group(3).replaceAll("\\s", ""));
            return new PemBlock(m.group(1), der, text.substring(m.end()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Every PEM block in order; text that is not PEM is ignored. */
    static List<PemBlock> pemAll(String text) {
        List<PemBlock> out = new ArrayList<>();
        String rest = text;
        PemBlock b;
        while ((b = pem(rest)) != null) {
            out.add(b);
            rest = b.rest();
        }
        return out;
    }

    static X509Certificate certificate(byte[] der) throws GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        return (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der));
    }

    static PublicKey publicKey(byte[] spki) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String alg : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(spki));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    /**
     * The verification keys in a PEM certificate or public key, or a JWK / JWK set, with OPA's error texts.
     */
    static List<JwkKey> verificationKeys(String text) {
        PemBlock block = pem(text);
        if (block != null) {
            if (!block.rest().isEmpty()) {
                throw BuiltinException.builtinError("extra data after a PEM certificate block");
            }
            if (block.type().equals("CERTIFICATE")) {
                try {
                    return List.of(new JwkKey(certificate(block.bytes()).getPublicKey(), "", ""));
                } catch (GeneralSecurityException e) {
                    throw BuiltinException.builtinError("failed to parse a PEM certificate: " + e.getMessage());
                }
            }
            if (block.type().equals("PUBLIC KEY")) {
                try {
                    return List.of(new JwkKey(publicKey(block.bytes()), "", ""));
                } catch (GeneralSecurityException e) {
                    throw BuiltinException.builtinError("failed to parse a PEM public key: " + e.getMessage());
                }
            }
            throw BuiltinException.builtinError("failed to extract a Key from the PEM certificate");
        }
        List<JwkKey> keys = new ArrayList<>();
        for (JwkKey k : jwkSet(text, false)) {
            if (!k.alg().isEmpty() && !JwtBuiltins.ALGORITHMS.contains(k.alg())) {
                continue;
            }
            keys.add(k);
        }
        return keys;
    }

    /** Parses a JWK or a JWK set ({"keys": [...]}); {@code privateKeys} selects private halves where present. */
    static List<JwkKey> jwkSet(String json, boolean privateKeys) {
        Value v;
        try {
            v = ValueJson.parse(json);
        } catch (IllegalArgumentException e) {
            throw BuiltinException.builtinError("failed to parse a JWK key (set): " + e.getMessage());
        }
        if (!(v instanceof ObjectValue o)) {
            throw BuiltinException.builtinError("failed to parse a JWK key (set): not a JSON object");
        }
        List<JwkKey> out = new ArrayList<>();
        if (o.get("keys") instanceof ArrayValue keys) {
            for (Value k : keys) {
                if (!(k instanceof ObjectValue ko)) {
                    throw BuiltinException.builtinError("failed to parse a JWK key (set): key is not an object");
                }
                out.add(jwk(ko, privateKeys));
            }
            return out;
        }
        out.add(jwk(o, privateKeys));
        return out;
    }

    private static String field(ObjectValue o, String name) {
        return o.get(name) instanceof StringValue s ? s.value() : "";
    }

    private static BigInteger big(ObjectValue o, String name) {
        String s = field(o, name);
        if (s.isEmpty()) {
            throw BuiltinException.builtinError("failed to parse a JWK key (set): missing \"" + name + "\"");
        }
        return new BigInteger(1, b64(s));
    }

    static byte[] b64(String s) {
        try {
            return Base64.getUrlDecoder().decode(s.replace("=", ""));
        } catch (IllegalArgumentException e) {
            throw BuiltinException.builtinError("failed to parse a JWK key (set): invalid base64url: " + s);
        }
    }

    static JwkKey jwk(ObjectValue o, boolean wantPrivate) {
        String kty = field(o, "kty");
        String alg = field(o, "alg");
        String kid = field(o, "kid");
        try {
            Key key = switch (kty) {
                case "RSA" -> {
                    KeyFactory kf = KeyFactory.getInstance("RSA");
                    BigInteger n = big(o, "n");
                    BigInteger e = big(o, "e");
                    if (wantPrivate && o.get("d") != null) {
                        if (o.get("p") != null) {
                            yield kf.generatePrivate(new RSAPrivateCrtKeySpec(n, e, big(o, "d"), big(o, "p"),
                                    big(o, "q"), big(o, "dp"), big(o, "dq"), big(o, "qi")));
                        }
                        yield kf.generatePrivate(new RSAPrivateKeySpec(n, big(o, "d")));
                    }
                    yield kf.generatePublic(new RSAPublicKeySpec(n, e));
                }
                case "EC" -> {
                    String curve = switch (field(o, "crv")) {
                        case "P-256" -> "secp256r1";
                        case "P-384" -> "secp384r1";
                        case "P-521" -> "secp521r1";
                        default -> throw BuiltinException.builtinError(
                                "failed to parse a JWK key (set): unsupported curve " + field(o, "crv"));
                    };
                    AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
                    params.init(new ECGenParameterSpec(curve));
                    ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
                    KeyFactory kf = KeyFactory.getInstance("EC");
                    if (wantPrivate && o.get("d") != null) {
                        yield kf.generatePrivate(new ECPrivateKeySpec(big(o, "d"), spec));
                    }
                    yield kf.generatePublic(new ECPublicKeySpec(new ECPoint(big(o, "x"), big(o, "y")), spec));
                }
                case "OKP" -> {
                    if (!field(o, "crv").equals("Ed25519")) {
                        throw BuiltinException.builtinError(
                                "failed to parse a JWK key (set): unsupported curve " + field(o, "crv"));
                    }
                    KeyFactory kf = KeyFactory.getInstance("Ed25519");
                    if (wantPrivate && o.get("d") != null) {
                        yield kf.generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, b64(field(o, "d"))));
                    }
                    byte[] x = b64(field(o, "x"));
                    boolean odd = (x[x.length - 1] & 0x80) != 0;
                    x[x.length - 1] &= 0x7f;
                    byte[] be = new byte[x.length];
                    for (int i = 0; i < x.length; i++) {
                        be[i] = x[x.length - 1 - i];
                    }
                    yield kf.generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519,
                            new EdECPoint(odd, new BigInteger(1, be))));
                }
                case "oct" -> hmacKey(b64(field(o, "k")));
                default -> throw BuiltinException.builtinError(
                        "failed to parse a JWK key (set): invalid key type " + GoFormat.quote(kty));
            };
            return new JwkKey(key, alg, kid);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw BuiltinException.builtinError("failed to parse a JWK key (set): " + e.getMessage());
        }
    }

    /**
     * An HMAC key. The JDK refuses empty keys, but HMAC pads keys with zero bytes to the block size, so an empty
     * key and a single zero byte give the same MAC.
     */
    static SecretKeySpec hmacKey(byte[] secret) {
        return new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, "HMAC");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
