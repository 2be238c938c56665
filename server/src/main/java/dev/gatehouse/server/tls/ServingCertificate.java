package dev.gatehouse.server.tls;

import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A private key with its certificate chain (leaf first): what the server presents. Immutable.
 *
 * <p>{@link #keyPem()} is always PKCS#8 whatever the source format was, so the TLS layer sees one key format.
 */
public record ServingCertificate(PrivateKey key, List<X509Certificate> chain) {

    public ServingCertificate {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("A serving certificate needs at least one certificate in its chain.");
        }
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** The key as a PKCS#8 PEM block. */
    public String keyPem() {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    /** The chain as concatenated PEM CERTIFICATE blocks. */
    public String chainPem() {
        StringBuilder out = new StringBuilder();
        for (X509Certificate certificate : chain) {
            out.append(certificatePem(certificate));
        }
        return out.toString();
    }

    /** One certificate as a PEM CERTIFICATE block. */
    public static String certificatePem(X509Certificate certificate) {
        try {
            return pem("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("A parsed certificate could not be re-encoded", e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
