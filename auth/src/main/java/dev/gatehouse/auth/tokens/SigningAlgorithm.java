package dev.gatehouse.auth.tokens;

import com.nimbusds.jose.JWSAlgorithm;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

/**
 * The JWS algorithms kube-apiserver signs service account tokens with: RSA keys sign RS256 only, ECDSA keys sign
 * with the algorithm their curve implies. Anything else (none, HMAC, PS*, RS384...) is refused on both sides.
 */
public enum SigningAlgorithm {
    RS256("RSA", null, 0),
    ES256("EC", "P-256", 32),
    ES384("EC", "P-384", 48),
    ES512("EC", "P-521", 66);

    private final String keyType;
    private final String curve;
    private final int coordinateBytes;
    private final JWSAlgorithm jws;

    SigningAlgorithm(String keyType, String curve, int coordinateBytes) {
        this.keyType = keyType;
        this.curve = curve;
        this.coordinateBytes = coordinateBytes;
        this.jws = JWSAlgorithm.parse(name());
    }

    /** The JWK {@code kty}: "RSA" or "EC". */
    public String keyType() {
        return keyType;
    }

    /** The JWK {@code crv} (P-256, P-384, P-521), or null for RSA. */
    public String curve() {
        return curve;
    }

    /** Length in bytes of one EC coordinate (JWK x and y are padded to it); 0 for RSA. */
    int coordinateBytes() {
        return coordinateBytes;
    }

    JWSAlgorithm jws() {
        return jws;
    }

    /** The algorithm a public key signs with, by key type and curve size. */
    public static SigningAlgorithm forKey(PublicKey key) throws KeyException {
        if (key instanceof RSAPublicKey) {
            return RS256;
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return switch (bits) {
                case 256 -> ES256;
                case 384 -> ES384;
                case 521 -> ES512;
                default -> throw new KeyException("unknown private key curve, must be 256, 384, or 521 (got " + bits + " bits)");
            };
        }
        throw new KeyException("unsupported key type " + key.getAlgorithm() + ": service account keys are RSA or ECDSA");
    }

    /** The algorithm named by a JWS {@code alg} header value, or null when it is not one we accept. */
    static SigningAlgorithm fromHeader(String alg) {
        if (alg == null) {
            return null;
        }
        return switch (alg) {
            case "RS256" -> RS256;
            case "ES256" -> ES256;
            case "ES384" -> ES384;
            case "ES512" -> ES512;
            default -> null;
        };
    }
}
