package dev.gatehouse.auth.tokens;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Service account issuer discovery, transport-free: the two documents kube-apiserver serves so that relying
 * parties (cloud IAM, Vault) can verify our tokens without calling us.
 * <ul>
 *   <li>{@code GET /.well-known/openid-configuration}: {issuer, jwks_uri, response_types_supported ["id_token"],
 *       subject_types_supported ["public"], id_token_signing_alg_values_supported (sorted, distinct)};</li>
 *   <li>{@code GET /openid/v1/jwks} ({@code application/jwk-set+json}): every distinct public key with use "sig",
 *       kty, kid, alg and n/e or crv/x/y.</li>
 * </ul>
 * Both are built once and carry {@code Cache-Control: public, max-age=3600}. The issuer must be an https URL
 * without query or fragment.
 *
 * <p>Immutable and thread-safe.
 */
public final class IssuerDiscovery {

    public static final String OPENID_CONFIGURATION_PATH = "/.well-known/openid-configuration";
    public static final String JWKS_PATH = "/openid/v1/jwks";
    public static final String JWKS_CONTENT_TYPE = "application/jwk-set+json";
    public static final String CACHE_CONTROL = "public, max-age=3600";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final JsonResponse configuration;
    private final JsonResponse jwks;

    /**
     * @param issuer  the issuer URL (https, no query or fragment)
     * @param jwksUri where relying parties fetch the keys; null: the issuer + {@value #JWKS_PATH}
     */
    public IssuerDiscovery(String issuer, String jwksUri, KeySet keys) {
        URI issuerUri = httpsUri(issuer, "issuer");
        String jwksLocation = jwksUri != null ? jwksUri : stripTrailingSlash(issuer) + JWKS_PATH;
        httpsUri(jwksLocation, "JWKS URI");

        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode set = f.objectNode();
        ArrayNode keyArray = set.putArray("keys");
        TreeSet<String> algorithms = new TreeSet<>();
        for (ServiceAccountKey key : keys.distinctPublicKeys()) {
            keyArray.add(jwk(key));
            algorithms.add(key.algorithm().name());
        }
        ObjectNode config = f.objectNode();
        config.put("issuer", issuerUri.toString());
        config.put("jwks_uri", jwksLocation);
        config.putArray("response_types_supported").add("id_token");
        config.putArray("subject_types_supported").add("public");
        ArrayNode algs = config.putArray("id_token_signing_alg_values_supported");
        algorithms.forEach(algs::add);

        Map<String, List<String>> headers = Map.of("Cache-Control", List.of(CACHE_CONTROL));
        this.configuration = new JsonResponse(200, "application/json", headers, JSON.writeValueAsBytes(config), Map.of());
        this.jwks = new JsonResponse(200, JWKS_CONTENT_TYPE, headers, JSON.writeValueAsBytes(set), Map.of());
    }

    /** The OpenID provider configuration document. */
    public JsonResponse openIdConfiguration() {
        return configuration;
    }

    /** The JSON Web Key Set. */
    public JsonResponse jwks() {
        return jwks;
    }

    /** One JWK in go-jose's field order: use, kty, kid, crv, alg, then n/e or x/y. */
    static ObjectNode jwk(ServiceAccountKey key) {
        ObjectNode jwk = JsonNodeFactory.instance.objectNode();
        jwk.put("use", "sig");
        jwk.put("kty", key.algorithm().keyType());
        jwk.put("kid", key.keyId());
        if (key.publicKey() instanceof ECPublicKey ec) {
            int size = key.algorithm().coordinateBytes();
            jwk.put("crv", key.algorithm().curve());
            jwk.put("alg", key.algorithm().name());
            jwk.put("x", B64.encodeToString(fixed(ec.getW().getAffineX(), size)));
            jwk.put("y", B64.encodeToString(fixed(ec.getW().getAffineY(), size)));
        } else {
            RSAPublicKey rsa = (RSAPublicKey) key.publicKey();
            jwk.put("alg", key.algorithm().name());
            jwk.put("n", B64.encodeToString(unsigned(rsa.getModulus())));
            jwk.put("e", B64.encodeToString(unsigned(rsa.getPublicExponent())));
        }
        return jwk;
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static byte[] fixed(BigInteger value, int size) {
        byte[] bytes = unsigned(value);
        if (bytes.length == size) {
            return bytes;
        }
        byte[] out = new byte[size];
        System.arraycopy(bytes, 0, out, size - bytes.length, bytes.length);
        return out;
    }

    private static String stripTrailingSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static URI httpsUri(String value, String what) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("The " + what + " must be a URL: " + value);
        }
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("The " + what + " must be an https URL: " + value);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("The " + what + " may not have a query or fragment: " + value);
        }
        return uri;
    }
}
