package dev.gatehouse.auth.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The service account keys of one issuer: the first private key signs, every key verifies (so that a rotated-out key
 * keeps validating the tokens it signed until they expire). Mirrors kube-apiserver's
 * --service-account-signing-key-file (one) and --service-account-key-file (many).
 *
 * <pre>{@code
 * KeySet keys = KeySet.load(List.of(Path.of("/etc/gatehouse/keys")));   // a directory or files
 * }</pre>
 *
 * <p>Immutable and thread-safe; signers and verifiers are built once, here.
 */
public final class KeySet {

    /** A verification key with its verifier built once. */
    record Verification(ServiceAccountKey key, JWSVerifier verifier) {}

    private final List<ServiceAccountKey> keys;
    private final Optional<ServiceAccountKey> signingKey;
    private final JWSSigner signer;
    private final List<Verification> all;
    private final Map<String, List<Verification>> byKeyId;

    private KeySet(List<ServiceAccountKey> keys) throws KeyException {
        this.keys = List.copyOf(keys);
        this.signingKey = keys.stream().filter(ServiceAccountKey::canSign).findFirst();
        this.signer = signingKey.isPresent() ? signer(signingKey.get()) : null;
        List<Verification> verifications = new ArrayList<>();
        Map<String, List<Verification>> index = new LinkedHashMap<>();
        for (ServiceAccountKey key : keys) {
            Verification v = new Verification(key, verifier(key));
            verifications.add(v);
            index.computeIfAbsent(key.keyId(), k -> new ArrayList<>()).add(v);
        }
        this.all = List.copyOf(verifications);
        Map<String, List<Verification>> frozen = new LinkedHashMap<>();
        index.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        this.byKeyId = Collections.unmodifiableMap(frozen);
    }

    /** A key set from keys in order (the first private key signs). */
    public static KeySet of(List<ServiceAccountKey> keys) throws KeyException {
        if (keys.isEmpty()) {
            throw new KeyException("no service account keys given");
        }
        return new KeySet(keys);
    }

    /**
     * Loads keys from files and directories, in the order given. A directory contributes its files ending in
     * .pem, .key, .pub or .crt, sorted by name. The first private key found signs.
     */
    public static KeySet load(List<Path> paths) throws KeyException {
        List<ServiceAccountKey> keys = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                List<Path> files;
                try (Stream<Path> listing = Files.list(path)) {
                    files = listing.filter(Files::isRegularFile).filter(KeySet::looksLikeKeyFile).sorted().toList();
                } catch (IOException e) {
                    throw new KeyException(path + ": cannot list directory: " + e.getMessage(), e);
                }
                if (files.isEmpty()) {
                    throw new KeyException(path + ": no key files (*.pem, *.key, *.pub, *.crt) in directory");
                }
                for (Path file : files) {
                    keys.addAll(PemKeyReader.read(file));
                }
            } else if (Files.exists(path)) {
                keys.addAll(PemKeyReader.read(path));
            } else {
                throw new KeyException(path + ": no such file or directory");
            }
        }
        return of(keys);
    }

    private static boolean looksLikeKeyFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".pem") || name.endsWith(".key") || name.endsWith(".pub") || name.endsWith(".crt");
    }

    /** Every key, in load order. */
    public List<ServiceAccountKey> keys() {
        return keys;
    }

    /** The key that signs new tokens, if any private key was loaded. */
    public Optional<ServiceAccountKey> signingKey() {
        return signingKey;
    }

    /** The signer of {@link #signingKey()}; null when there is none. */
    JWSSigner signer() {
        return signer;
    }

    /** The keys to try for a token: those with its kid, or all of them when the token has no kid. */
    List<Verification> candidates(String keyId) {
        if (keyId == null || keyId.isEmpty()) {
            return all;
        }
        return byKeyId.getOrDefault(keyId, List.of());
    }

    /** Distinct public keys by kid, in load order, for the JWKS document. */
    List<ServiceAccountKey> distinctPublicKeys() {
        List<ServiceAccountKey> distinct = new ArrayList<>();
        for (List<Verification> group : byKeyId.values()) {
            distinct.add(group.getFirst().key());
        }
        return distinct;
    }

    private static JWSSigner signer(ServiceAccountKey key) throws KeyException {
        try {
            var privateKey = key.privateKey().orElseThrow();
            return switch (key.algorithm()) {
                case RS256 -> new RSASSASigner(privateKey);
                case ES256, ES384, ES512 -> new ECDSASigner((ECPrivateKey) privateKey);
            };
        } catch (JOSEException | IllegalArgumentException e) {
            throw new KeyException(key.source() + ": cannot sign with this key: " + e.getMessage(), e);
        }
    }

    private static JWSVerifier verifier(ServiceAccountKey key) throws KeyException {
        try {
            return switch (key.algorithm()) {
                case RS256 -> new RSASSAVerifier((RSAPublicKey) key.publicKey());
                case ES256, ES384, ES512 -> new ECDSAVerifier((ECPublicKey) key.publicKey());
            };
        } catch (JOSEException e) {
            throw new KeyException(key.source() + ": cannot verify with this key: " + e.getMessage(), e);
        }
    }
}
