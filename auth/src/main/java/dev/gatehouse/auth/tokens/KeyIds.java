package dev.gatehouse.auth.tokens;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;

/**
 * Key IDs as kube-apiserver derives them: base64url (unpadded) of the SHA-256 of the public key's PKIX
 * (SubjectPublicKeyInfo) DER. The derivation is one-way so that a key ID can never be mistaken for the key.
 */
public final class KeyIds {

    /** The kid of a public key. The JDK's {@code getEncoded()} of RSA and EC public keys is the PKIX DER. */
    public static String of(PublicKey key) {
        byte[] der = key.getEncoded();
        if (der == null || !"X.509".equals(key.getFormat())) {
            throw new IllegalArgumentException("The public key must have an X.509 (SubjectPublicKeyInfo) encoding.");
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(der);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    private KeyIds() {}
}
