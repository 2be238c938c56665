package dev.gatehouse.auth.tokens;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;

/**
 * One service account signing key: its public half (always), its private half (when loaded from a private key
 * file), the derived key ID and algorithm, and the file it came from (for messages).
 */
public record ServiceAccountKey(String keyId, SigningAlgorithm algorithm, PublicKey publicKey,
                                Optional<PrivateKey> privateKey, String source) {

    public ServiceAccountKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(source, "source");
    }

    /** A key from its public half only (verification). */
    public static ServiceAccountKey ofPublic(PublicKey publicKey, String source) throws KeyException {
        return new ServiceAccountKey(KeyIds.of(publicKey), SigningAlgorithm.forKey(publicKey), publicKey, Optional.empty(), source);
    }

    /** A key that can sign. */
    public static ServiceAccountKey ofPair(PublicKey publicKey, PrivateKey privateKey, String source) throws KeyException {
        return new ServiceAccountKey(KeyIds.of(publicKey), SigningAlgorithm.forKey(publicKey), publicKey,
                Optional.of(privateKey), source);
    }

    /** Reads every key in a PEM file (PKCS#1, PKCS#8, SEC1 EC, SubjectPublicKeyInfo, X.509 certificate). */
    public static java.util.List<ServiceAccountKey> read(Path file) throws KeyException {
        return PemKeyReader.read(file);
    }

    public boolean canSign() {
        return privateKey.isPresent();
    }

    @Override
    public String toString() {
        return algorithm + " key " + keyId + " from " + source + (canSign() ? " (private)" : " (public)");
    }
}
