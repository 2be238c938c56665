package dev.gatehouse.server.tls;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the server's certificate comes from: PEM files on disk (watched and reloaded when they change, as a
 * mounted Secret is rotated) or a certificate held in memory (self-signed; never changes).
 *
 * <pre>{@code
 * TlsSource.pemFiles(Path.of("/tls/tls.crt"), Path.of("/tls/tls.key"))
 * TlsSource.fixed(SelfSignedCertificates.generate(hosts, clock, Duration.ofDays(365)).serving())
 * }</pre>
 */
public sealed interface TlsSource {

    static TlsSource pemFiles(Path certFile, Path keyFile) {
        return new PemFileSource(certFile, keyFile);
    }

    static TlsSource fixed(ServingCertificate certificate) {
        return new FixedSource(certificate);
    }

    /** A certificate chain file and a private key file, both PEM. */
    record PemFileSource(Path certFile, Path keyFile) implements TlsSource {
        public PemFileSource {
            Objects.requireNonNull(certFile, "certFile");
            Objects.requireNonNull(keyFile, "keyFile");
        }
    }

    /** A certificate held in memory. */
    record FixedSource(ServingCertificate certificate) implements TlsSource {
        public FixedSource {
            Objects.requireNonNull(certificate, "certificate");
        }
    }
}
