package dev.gatehouse.auth.tokens;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Set;

/**
 * Generates service account signing keys and writes them as PEM: the private key as PKCS#8 ("PRIVATE KEY", file mode
 * 0600, created with that mode so it is never readable by others) and the public key as SubjectPublicKeyInfo
 * ("PUBLIC KEY", 0644). RSA keys are 2048 bits, as kubeadm generates them; EC keys use the curve the algorithm
 * names.
 *
 * <pre>{@code
 * KeyGenerator.Written written = KeyGenerator.write(SigningAlgorithm.ES256, Path.of("keys"), "sa");
 * // keys/sa.key (private), keys/sa.pub (public); written.keyId() is the kid tokens will carry
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class KeyGenerator {

    /** The files written and the key's kid. */
    public record Written(Path privateKeyFile, Path publicKeyFile, String keyId, SigningAlgorithm algorithm) {}

    /** Generates a new key pair for the algorithm. */
    public static KeyPair generate(SigningAlgorithm algorithm) {
        try {
            KeyPairGenerator generator;
            if (algorithm == SigningAlgorithm.RS256) {
                generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048, new SecureRandom());
            } else {
                generator = KeyPairGenerator.getInstance("EC");
                String curve = switch (algorithm) {
                    case ES256 -> "secp256r1";
                    case ES384 -> "secp384r1";
                    case ES512 -> "secp521r1";
                    case RS256 -> throw new AssertionError();
                };
                generator.initialize(new ECGenParameterSpec(curve), new SecureRandom());
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate " + algorithm + " keys: " + e.getMessage(), e);
        }
    }

    /**
     * Generates a key pair and writes {@code DIR/NAME.key} and {@code DIR/NAME.pub}, creating DIR if needed. Existing
     * files are never overwritten.
     */
    public static Written write(SigningAlgorithm algorithm, Path directory, String baseName) throws KeyException {
        KeyPair pair = generate(algorithm);
        Path privateFile = directory.resolve(baseName + ".key");
        Path publicFile = directory.resolve(baseName + ".pub");
        try {
            Files.createDirectories(directory);
            for (Path file : new Path[] {privateFile, publicFile}) {
                if (Files.exists(file)) {
                    throw new KeyException(file + ": already exists; not overwriting a key (move it away or pick another --name)");
                }
            }
            writeNew(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), "rw-------");
            writeNew(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()), "rw-r--r--");
        } catch (FileAlreadyExistsException e) {
            throw new KeyException(e.getFile() + ": already exists; not overwriting a key", e);
        } catch (IOException e) {
            throw new KeyException(directory + ": cannot write keys: " + e.getMessage(), e);
        }
        return new Written(privateFile, publicFile, KeyIds.of(pair.getPublic()), algorithm);
    }

    /** PEM armour: base64 in 64-character lines, as openssl writes it. */
    public static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static void writeNew(Path file, String content, String permissions) throws IOException {
        Set<java.nio.file.attribute.PosixFilePermission> perms = PosixFilePermissions.fromString(permissions);
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (posix) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(perms));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, content, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        if (posix) {
            // createFile's mode is filtered by the umask; set it explicitly so the public file is 0644 too.
            Files.setPosixFilePermissions(file, perms);
        }
    }

    private KeyGenerator() {}
}
