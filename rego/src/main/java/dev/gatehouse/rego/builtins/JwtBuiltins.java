package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import java.math.BigDecimal;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * JSON Web Token builtins (OPA's {@code tokens.go}) on JDK cryptography: {@code io.jwt.decode},
 * {@code io.jwt.verify_*} (HS, RS, PS, ES, EdDSA), {@code io.jwt.decode_verify} with OPA's constraint object,
 * and {@code io.jwt.encode_sign(_raw)}. Keys come as PEM certificates/public keys or JWK (sets). Stateless.
 */
final class JwtBuiltins implements BuiltinFamily {

    static final Set<String> ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
            "ES384", "ES512", "HS256", "HS384", "HS512", "EdDSA");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Type STRING_OBJECT = Types.objectOf(Types.STRING, Types.ANY);

    @Override
    public List<Builtin> builtins() {
        return List.of(
                Builtin.of(decl("io.jwt.decode").arg("jwt", Types.STRING).result(Types.ANY_ARRAY).build(),
                        (ctx, a) -> decode(Operands.string(a[0], 1))),
                verify("io.jwt.verify_rs256", "RS256"), verify("io.jwt.verify_rs384", "RS384"),
                verify("io.jwt.verify_rs512", "RS512"), verify("io.jwt.verify_ps256", "PS256"),
                verify("io.jwt.verify_ps384", "PS384"), verify("io.jwt.verify_ps512", "PS512"),
                verify("io.jwt.verify_es256", "ES256"), verify("io.jwt.verify_es384", "ES384"),
                verify("io.jwt.verify_es512", "ES512"), verify("io.jwt.verify_eddsa", "EdDSA"),
                verify("io.jwt.verify_hs256", "HS256"), verify("io.jwt.verify_hs384", "HS384"),
                verify("io.jwt.verify_hs512", "HS512"),
                Builtin.of(decl("io.jwt.decode_verify").arg("jwt", Types.STRING).arg("constraints", STRING_OBJECT)
                        .result(Types.ANY_ARRAY).nondeterministic().build(), JwtBuiltins::decodeVerify),
                Builtin.of(decl("io.jwt.encode_sign").arg("headers", STRING_OBJECT).arg("payload", STRING_OBJECT)
                        .arg("key", STRING_OBJECT).result(Types.STRING).nondeterministic().build(),
                        (ctx, a) -> encodeSign(GoJson.marshal(a[0]), GoJson.marshal(a[1]), GoJson.marshal(a[2]))),
                Builtin.of(decl("io.jwt.encode_sign_raw").arg("headers", Types.STRING).arg("payload", Types.STRING)
                        .arg("key", Types.STRING).result(Types.STRING).nondeterministic().build(),
                        (ctx, a) -> {
                            String key = Operands.string(a[2], 3);
                            return encodeSign(Operands.string(a[0], 1), Operands.string(a[1], 2), key);
                        }));
    }

    private static BuiltinDecl.Builder decl(String name) {
        return BuiltinDecl.builder(name).category("tokens");
    }

    private static Builtin verify(String name, String alg) {
        return Builtin.of(decl(name).arg("jwt", Types.STRING).arg(alg.startsWith("HS") ? "secret" : "certificate",
                Types.STRING).result(Types.BOOLEAN).build(), (ctx, a) -> verifyBuiltin(a, alg));
    }

    // ---- token structure ----

    /** The three base64url parts of a compact JWS. */
    record Token(String header, String payload, String signature) {}

    static Token split(Value v) {
        String s = Operands.string(v, 1);
        if (s.indexOf('.') < 0) {
            throw BuiltinException.builtinError("encoded JWT had no period separators");
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 3) {
            throw BuiltinException.builtinError("encoded JWT must have 3 sections, found " + parts.length);
        }
        return new Token(parts[0], parts[1], parts[2]);
    }

    /** OPA's base64url.decode on bytes: padding added when missing. */
    static byte[] b64url(String s) {
        String padded = s;
        if (!s.endsWith("=")) {
            switch (s.length() % 4) {
                case 0 -> { }
                case 2 -> padded = s + "==";
                case 3 -> padded = s + "=";
                default -> throw BuiltinException.builtinError("illegal base64url string: " + s);
            }
        }
        return EncodingBuiltins.decodeBase64(Keys.utf8(padded), urlMap(), true);
    }

    private static int[] urlMap() {
        return URL_MAP;
    }

    private static final int[] URL_MAP = buildUrlMap();

    private static int[] buildUrlMap() {
        int[] map = new int[256];
        java.util.Arrays.fill(map, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            map[alphabet.charAt(i)] = i;
        }
        return map;
    }

    private static byte[] part(String encoded, String what) {
        try {
            return b64url(encoded);
        } catch (BuiltinException e) {
            throw BuiltinException.builtinError("JWT " + what + " had invalid encoding: " + e.getMessage());
        }
    }

    static ObjectValue jsonObject(String s) {
        Value v;
        try {
            v = ValueJson.parse(s);
        } catch (IllegalArgumentException e) {
            throw BuiltinException.builtinError("invalid JSON: " + e.getMessage());
        }
        if (!(v instanceof ObjectValue o)) {
            throw BuiltinException.builtinError("decoded JSON type was not an Object");
        }
        return o;
    }

    static ObjectValue header(Token t) {
        String text = EncodingBuiltins.text(part(t.header(), "header"));
        ObjectValue h;
        try {
            h = jsonObject(text);
        } catch (BuiltinException e) {
            throw BuiltinException.builtinError("bad JWT header: " + e.getMessage());
        }
        if (h.get("enc") != null) {
            throw BuiltinException.builtinError("JWT is a JWE object, which is not supported");
        }
        return h;
    }

    static Value decode(String jwt) {
        Token t = split(StringValue.of(jwt));
        ObjectValue header = header(t);
        String payloadText = EncodingBuiltins.text(part(t.payload(), "payload"));
        if (header.get("cty") instanceof StringValue cty && cty.value().equals("JWT")) {
            return decode(Text.trimRight(Text.trimLeft(payloadText, "\"'"), "\"'"));
        }
        ObjectValue payload = jsonObject(payloadText);
        byte[] signature = part(t.signature(), "signature");
        return ArrayValue.of(header, payload, StringValue.of(HexFormat.of().formatHex(signature)));
    }

    // ---- signatures ----

    private static String digestName(String alg) {
        return switch (alg.substring(2)) {
            case "384" -> "SHA-384";
            case "512" -> "SHA-512";
            default -> "SHA-256";
        };
    }

    /** Verifies {@code signature} over {@code signingInput} with {@code key} and {@code alg}; false on mismatch. */
    static boolean verifySignature(Key key, String alg, byte[] signingInput, byte[] signature) {
        try {
            if (alg.startsWith("HS")) {
                if (!(key instanceof SecretKey)) {
                    return false;
                }
                Mac mac = Mac.getInstance("Hmac" + digestName(alg).replace("-", ""));
                mac.init(key);
                return MessageDigest.isEqual(mac.doFinal(signingInput), signature);
            }
            if (!(key instanceof PublicKey pub)) {
                return false;
            }
            Signature sig = signature(alg, pub);
            if (sig == null) {
                return false;
            }
            sig.initVerify(pub);
            sig.update(signingInput);
            return sig.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Signature signature(String alg, Key key) throws GeneralSecurityException {
        String digest = digestName(alg).replace("-", "");
        switch (alg.substring(0, 2)) {
            case "RS" -> {
                return key.getAlgorithm().equals("RSA") ? Signature.getInstance(digest + "withRSA") : null;
            }
            case "PS" -> {
                if (!key.getAlgorithm().equals("RSA")) {
                    return null;
                }
                Signature s = Signature.getInstance("RSASSA-PSS");
                int saltLen = switch (digest) {
                    case "SHA384" -> 48;
                    case "SHA512" -> 64;
                    default -> 32;
                };
                s.setParameter(new PSSParameterSpec(digestName(alg), "MGF1", new MGF1ParameterSpec(digestName(alg)),
                        saltLen, 1));
                return s;
            }
            case "ES" -> {
                if (!(key instanceof ECKey)) {
                    return null;
                }
                return Signature.getInstance(digest + "withECDSAinP1363Format");
            }
            default -> {
                if (alg.equals("EdDSA") && (key.getAlgorithm().equals("EdDSA") || key.getAlgorithm().equals("Ed25519"))) {
                    return Signature.getInstance("Ed25519");
                }
                return null;
            }
        }
    }

    static Value verifyBuiltin(Value[] a, String alg) {
        if (alg.startsWith("HS")) {
            Operands.string(a[0], 1);
            String secret = Operands.string(a[1], 2);
            Token t = split(a[0]);
            byte[] signature = b64urlSignature(t);
            return BooleanValue.of(verifySignature(Keys.hmacKey(Keys.utf8(secret)), alg,
                    Keys.utf8(t.header() + "." + t.payload()), signature));
        }
        Token t = split(a[0]);
        String keyText = Operands.string(a[1], 2);
        List<Keys.JwkKey> keys = Keys.verificationKeys(keyText);
        byte[] signature = b64urlSignature(t);
        ObjectValue header = header(t);
        String headerAlg = header.get("alg") instanceof StringValue s ? s.value() : "";
        String kid = header.get("kid") instanceof StringValue s ? s.value() : "";
        byte[] input = Keys.utf8(t.header() + "." + t.payload());
        if (!kid.isEmpty()) {
            for (Keys.JwkKey k : keys) {
                if (k.kid().equals(kid)) {
                    return BooleanValue.of(verifySignature(k.key(), alg, input, signature));
                }
            }
        }
        for (Keys.JwkKey k : keys) {
            if (!k.alg().isEmpty() && !k.alg().equals(headerAlg)) {
                continue;
            }
            if (verifySignature(k.key(), alg, input, signature)) {
                return BooleanValue.TRUE;
            }
        }
        return BooleanValue.FALSE;
    }

    private static byte[] b64urlSignature(Token t) {
        return b64url(t.signature());
    }

    // ---- decode_verify ----

    private static final Value UNVERIFIED = ArrayValue.of(BooleanValue.FALSE, ObjectValue.EMPTY, ObjectValue.EMPTY);

    static Value decodeVerify(BuiltinContext ctx, Value[] a) {
        ObjectValue constraints = Operands.object(a[1], 2);
        String secret = "";
        String alg = "";
        String iss = "";
        String aud = "";
        List<Keys.JwkKey> keys = null;
        Double time = null;
        for (int i = 0; i < constraints.size(); i++) {
            String name = constraints.keyAt(i) instanceof StringValue s ? s.value() : GoJson.keyText(constraints.keyAt(i));
            Value v = constraints.valueAt(i);
            switch (name) {
                case "cert" -> {
                    if (!(v instanceof StringValue s)) {
                        throw BuiltinException.builtinError("cert constraint: must be a string");
                    }
                    keys = Keys.verificationKeys(s.value());
                }
                case "secret" -> secret = constraintString(name, v);
                case "alg" -> alg = constraintString(name, v);
                case "iss" -> iss = constraintString(name, v);
                case "aud" -> aud = constraintString(name, v);
                case "time" -> time = timeConstraint(v);
                default -> throw BuiltinException.builtinError("unknown token validation constraint: " + name);
            }
        }
        if (time == null) {
            time = (double) ctx.queryTimeNanos();
        }
        int keyConstraints = (keys != null ? 1 : 0) + (secret.isEmpty() ? 0 : 1);
        if (keyConstraints > 1) {
            throw BuiltinException.builtinError("duplicate key constraints");
        }
        if (keyConstraints < 1) {
            throw BuiltinException.builtinError("no key constraint");
        }
        Value jwt = a[0];
        ObjectValue header;
        String payloadText;
        while (true) {
            Token t = split(jwt);
            header = header(t);
            String headerAlg = "";
            String kid = "";
            java.util.Set<String> crit = new java.util.HashSet<>();
            java.util.List<String> unknown = new java.util.ArrayList<>();
            for (int i = 0; i < header.size(); i++) {
                String k = GoJson.keyText(header.keyAt(i));
                Value v = header.valueAt(i);
                switch (k) {
                    case "alg", "kid", "typ", "cty" -> {
                        if (!(v instanceof StringValue s)) {
                            throw BuiltinException.builtinError(k + ": must be a string");
                        }
                        if (k.equals("alg")) {
                            headerAlg = s.value();
                        } else if (k.equals("kid")) {
                            kid = s.value();
                        }
                    }
                    case "crit" -> {
                        if (!(v instanceof ArrayValue arr)) {
                            throw BuiltinException.builtinError("crit: must be a list");
                        }
                        for (Value e : arr) {
                            if (e instanceof StringValue s) {
                                crit.add(s.value());
                            }
                        }
                        if (crit.isEmpty()) {
                            throw BuiltinException.builtinError("crit: must be a nonempty list");
                        }
                    }
                    default -> unknown.add(k);
                }
            }
            if (headerAlg.isEmpty() || unknown.stream().anyMatch(crit::contains)) {
                return UNVERIFIED;
            }
            if (!alg.isEmpty() && !alg.equals(headerAlg)) {
                return UNVERIFIED;
            }
            byte[] signature = b64url(t.signature());
            byte[] input = Keys.utf8(t.header() + "." + t.payload());
            boolean ok;
            if (keys != null) {
                ok = verifyWithKeys(keys, kid, headerAlg, input, signature);
            } else {
                ok = ALGORITHMS.contains(headerAlg) && headerAlg.startsWith("HS")
                        && verifySignature(Keys.hmacKey(Keys.utf8(secret)), headerAlg, input, signature);
            }
            if (!ok) {
                return UNVERIFIED;
            }
            payloadText = EncodingBuiltins.text(part(t.payload(), "payload"));
            if (header.get("cty") instanceof StringValue cty && cty.value().equalsIgnoreCase("JWT")) {
                jwt = StringValue.of(payloadText);
                continue;
            }
            break;
        }
        ObjectValue payload = jsonObject(payloadText);
        if (!iss.isEmpty()) {
            if (!(payload.get("iss") instanceof StringValue s) || !s.value().equals(iss)) {
                return UNVERIFIED;
            }
        }
        Value audience = payload.get("aud");
        if (audience != null) {
            if (!validAudience(audience, aud)) {
                return UNVERIFIED;
            }
        } else if (!aud.isEmpty()) {
            return UNVERIFIED;
        }
        BigDecimal now = new BigDecimal(Double.toString(time / 1e9));
        Value exp = payload.get("exp");
        if (exp != null) {
            if (!(exp instanceof NumberValue n)) {
                throw BuiltinException.builtinError("exp value must be a number");
            }
            if (now.compareTo(n.bigDecimalValue()) >= 0) {
                return UNVERIFIED;
            }
        }
        Value nbf = payload.get("nbf");
        if (nbf != null) {
            if (!(nbf instanceof NumberValue n)) {
                throw BuiltinException.builtinError("nbf value must be a number");
            }
            if (now.compareTo(n.bigDecimalValue()) < 0) {
                return UNVERIFIED;
            }
        }
        return ArrayValue.of(BooleanValue.TRUE, header, payload);
    }

    private static boolean verifyWithKeys(List<Keys.JwkKey> keys, String kid, String alg, byte[] input, byte[] sig) {
        if (!ALGORITHMS.contains(alg)) {
            return false;
        }
        if (!kid.isEmpty()) {
            for (Keys.JwkKey k : keys) {
                if (k.kid().equals(kid)) {
                    return verifySignature(k.key(), alg, input, sig);
                }
            }
        }
        for (Keys.JwkKey k : keys) {
            if (!k.alg().isEmpty() && !k.alg().equals(alg)) {
                continue;
            }
            if (verifySignature(k.key(), alg, input, sig)) {
                return true;
            }
        }
        return false;
    }

    private static boolean validAudience(Value aud, String want) {
        if (aud instanceof StringValue s) {
            return s.value().equals(want);
        }
        if (aud instanceof ArrayValue arr) {
            for (Value e : arr) {
                if (e instanceof StringValue s && s.value().equals(want)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String constraintString(String name, Value v) {
        if (v instanceof StringValue s) {
            return s.value();
        }
        throw BuiltinException.builtinError(name + " constraint: must be a string");
    }

    private static double timeConstraint(Value v) {
        if (!(v instanceof NumberValue n)) {
            throw BuiltinException.builtinError("token time constraint: must be a number");
        }
        double d = n.doubleValue();
        if (Double.isInfinite(d)) {
            throw BuiltinException.builtinError("token time constraint: unvalid float64");
        }
        if (d < 0) {
            throw BuiltinException.builtinError("token time constraint: must not be negative");
        }
        return d;
    }

    // ---- signing ----

    static Value encodeSign(String headersJson, String payloadJson, String jwkJson) {
        List<Keys.JwkKey> keys = Keys.jwkSet(jwkJson, true);
        if (keys.isEmpty()) {
            throw BuiltinException.builtinError("no keys found in JWK set");
        }
        Key key = keys.get(0).key();
        Value headers;
        try {
            headers = ValueJson.parse(headersJson);
        } catch (IllegalArgumentException e) {
            // jwsbb reports a broken object as unparseable, and any other text as lacking "alg".
            if (headersJson.isEmpty()) {
                throw BuiltinException.builtinError("missing or invalid 'alg' header: cannot parse JSON: cannot parse empty string");
            }
            if (headersJson.strip().startsWith("{")) {
                throw BuiltinException.builtinError("missing or invalid 'alg' header: cannot parse JSON");
            }
            headers = ObjectValue.EMPTY;
        }
        if (!(headers instanceof ObjectValue h) || !(h.get("alg") instanceof StringValue algValue)) {
            throw BuiltinException.builtinError("missing or invalid 'alg' header: jwsbb: header \"alg\" not found");
        }
        String alg = algValue.value();
        if (!ALGORITHMS.contains(alg)) {
            throw BuiltinException.builtinError("unknown JWS algorithm: " + alg);
        }
        Value typ = h.get("typ");
        boolean typJwt = !(typ instanceof StringValue) || ((StringValue) typ).value().equals("JWT");
        if (typJwt && !EncodingBuiltins.validJson(payloadJson)) {
            throw BuiltinException.builtinError("type is JWT but payload is not JSON");
        }
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        String signingInput = enc.encodeToString(Keys.utf8(headersJson)) + "." + enc.encodeToString(Keys.utf8(payloadJson));
        byte[] sig = sign(key, alg, Keys.utf8(signingInput));
        return StringValue.of(signingInput + "." + enc.encodeToString(sig));
    }

    private static byte[] sign(Key key, String alg, byte[] input) {
        try {
            if (alg.startsWith("HS")) {
                if (!(key instanceof SecretKey)) {
                    throw BuiltinException.builtinError("failed to sign payload: invalid key type for " + alg);
                }
                Mac mac = Mac.getInstance("Hmac" + digestName(alg).replace("-", ""));
                mac.init(key);
                return mac.doFinal(input);
            }
            if (!(key instanceof PrivateKey priv)) {
                throw BuiltinException.builtinError("failed to sign payload: a private key is required for " + alg);
            }
            Signature s = signature(alg, priv);
            if (s == null) {
                throw BuiltinException.builtinError("failed to sign payload: invalid key type for " + alg);
            }
            s.initSign(priv, RANDOM);
            s.update(input);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw BuiltinException.builtinError("failed to sign payload: " + e.getMessage());
        }
    }
}
