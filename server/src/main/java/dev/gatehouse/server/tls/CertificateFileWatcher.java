package dev.gatehouse.server.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Tells when a PEM certificate/key pair on disk has changed and parses the new pair.
 *
 * <p>It compares file contents, not modification times or file events: a Kubernetes Secret volume swaps a symlink
 * ({@code ..data}) rather than writing the files, which inotify on the files themselves does not report, and a
 * content digest also ignores touches that change nothing. A pair that does not parse or whose key does not match
 * (typically a rotation caught half-written) is reported as an error and retried on the next poll; the last good
 * certificate stays in service meanwhile.
 *
 * <p>Thread-safe: {@link #poll()} is synchronized; the server calls it from one periodic task.
 */
public final class CertificateFileWatcher {

    private final TlsSource.PemFileSource source;
    private final ServingCertificate initial;
    private byte[] lastDigest;

    private CertificateFileWatcher(TlsSource.PemFileSource source, ServingCertificate initial, byte[] digest) {
        this.source = source;
        this.initial = initial;
        this.lastDigest = digest;
    }

    /**
     * Reads and parses the pair, and starts watching from exactly those bytes (so a rotation between the first
     * read and the first poll is not missed).
     *
     * @throws TlsConfigurationException naming the file when either is missing or unusable
     */
    public static CertificateFileWatcher open(TlsSource.PemFileSource source) throws TlsConfigurationException {
        byte[] cert = PemFiles.readFile(source.certFile(), "certificate");
        byte[] key = PemFiles.readFile(source.keyFile(), "private key");
        ServingCertificate parsed = PemFiles.parse(source.certFile(), cert, source.keyFile(), key);
        return new CertificateFileWatcher(source, parsed, digest(cert, key));
    }

    /** The certificate read by {@link #open}. */
    public ServingCertificate initial() {
        return initial;
    }

    /**
     * The new certificate when the files changed since the last successful poll, empty when they did not.
     *
     * @throws TlsConfigurationException when the files changed but the new pair cannot be used
     */
    public synchronized Optional<ServingCertificate> poll() throws TlsConfigurationException {
        byte[] cert = PemFiles.readFile(source.certFile(), "certificate");
        byte[] key = PemFiles.readFile(source.keyFile(), "private key");
        byte[] digest = digest(cert, key);
        if (Arrays.equals(digest, lastDigest)) {
            return Optional.empty();
        }
        ServingCertificate parsed = PemFiles.parse(source.certFile(), cert, source.keyFile(), key);
        lastDigest = digest;
        return Optional.of(parsed);
    }

    public TlsSource.PemFileSource source() {
        return source;
    }

    private static byte[] digest(byte[] cert, byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(cert);
            sha.update((byte) 0);
            sha.update(key);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
