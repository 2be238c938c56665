package dev.gatehouse.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.server.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PemFilesTest {

    @TempDir
    Path dir;

    static Stream<Arguments> keyFormats() throws Exception {
        SelfSignedCertificates.Bundle rsa = TestPki.rsaSelfSigned();
        SelfSignedCertificates.Bundle ec = TestPki.ecBundle();
        return Stream.of(
                Arguments.of("RSA key in PKCS#1 (RSA PRIVATE KEY)", rsa.serving(), TestPki.traditionalKeyPem(rsa.serving()), "RSA PRIVATE KEY"),
                Arguments.of("RSA key in PKCS#8 (PRIVATE KEY)", rsa.serving(), rsa.serving().keyPem(), "BEGIN PRIVATE KEY"),
                Arguments.of("EC key in SEC 1 (EC PRIVATE KEY)", ec.serving(), TestPki.traditionalKeyPem(ec.serving()), "EC PRIVATE KEY"),
                Arguments.of("EC key in PKCS#8 (PRIVATE KEY)", ec.serving(), ec.serving().keyPem(), "BEGIN PRIVATE KEY"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyFormats")
    void read_acceptsKeyFormat(String description, ServingCertificate expected, String keyPem, String marker) throws Exception {
        assertThat(keyPem).contains(marker);
        Path cert = Files.writeString(dir.resolve("tls.crt"), expected.chainPem());
        Path key = Files.writeString(dir.resolve("tls.key"), keyPem);

        ServingCertificate read = PemFiles.read(cert, key);

        assertThat(read.leaf()).isEqualTo(expected.leaf());
        assertThat(secret(read.key())).isEqualTo(secret(expected.key()));
        assertThat(read.keyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    // Encodings of the same key differ (optional fields); the secret number does not.
    private static java.math.BigInteger secret(java.security.PrivateKey key) {
        return key instanceof java.security.interfaces.ECPrivateKey ec ? ec.getS()
                : ((java.security.interfaces.RSAPrivateKey) key).getPrivateExponent();
    }

    @Test
    void read_ecParametersBeforeTheKey_areSkipped() throws Exception {
        ServingCertificate ec = TestPki.ecBundle().serving();
        String withParameters = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                + TestPki.traditionalKeyPem(ec);
        Path cert = Files.writeString(dir.resolve("tls.crt"), ec.chainPem());
        Path key = Files.writeString(dir.resolve("tls.key"), withParameters);

        assertThat(PemFiles.read(cert, key).leaf()).isEqualTo(ec.leaf());
    }

    static Stream<Arguments> badPairs() throws Exception {
        ServingCertificate ec = TestPki.ecBundle().serving();
        ServingCertificate other = TestPki.ecBundle().serving();
        ServingCertificate rsa = TestPki.rsaSelfSigned().serving();
        return Stream.of(
                Arguments.of("a certificate file without certificates", "hello\n", ec.keyPem(), "tls.crt",
                        "contains no PEM CERTIFICATE block"),
                Arguments.of("a key in the certificate file", ec.keyPem(), ec.keyPem(), "tls.crt",
                        "contains a private key where only CERTIFICATE blocks are expected"),
                Arguments.of("corrupt base64 in the certificate", "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
                        ec.keyPem(), "tls.crt", "is not valid PEM"),
                Arguments.of("a key file without a key", ec.chainPem(), "", "tls.key", "contains no PEM private key block"),
                Arguments.of("a certificate in the key file", ec.chainPem(), ec.chainPem(), "tls.key",
                        "contains a certificate where a private key is expected"),
                Arguments.of("two keys", ec.chainPem(), ec.keyPem() + ec.keyPem(), "tls.key", "more than one private key"),
                Arguments.of("a key of another certificate", ec.chainPem(), other.keyPem(), "tls.key",
                        "does not match the first certificate in"),
                Arguments.of("an RSA key for an EC certificate", ec.chainPem(), rsa.keyPem(), "tls.key",
                        "(RSA) does not match the first certificate in"),
                Arguments.of("an encrypted key", ec.chainPem(),
                        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBAA==\n-----END ENCRYPTED PRIVATE KEY-----\n", "tls.key",
                        "tls.key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPairs")
    void read_rejectsWithMessageNamingTheFile(String description, String certPem, String keyPem, String file, String message)
            throws Exception {
        Path cert = Files.writeString(dir.resolve("tls.crt"), certPem);
        Path key = Files.writeString(dir.resolve("tls.key"), keyPem);

        assertThatThrownBy(() -> PemFiles.read(cert, key))
                .isInstanceOf(TlsConfigurationException.class)
                .hasMessageContaining(dir.resolve(file).toString())
                .hasMessageContaining(message);
    }

    @Test
    void read_missingFile_namesIt() {
        Path cert = dir.resolve("missing.crt");
        assertThatThrownBy(() -> PemFiles.read(cert, dir.resolve("tls.key")))
                .isInstanceOf(TlsConfigurationException.class)
                .hasMessage("TLS certificate file " + cert + " does not exist");
    }

    @Test
    void selfSigned_servingCertificateChainsToTheCaAndNamesTheHosts() throws Exception {
        SelfSignedCertificates.Bundle bundle = SelfSignedCertificates.generate(
                java.util.List.of("gatehouse.gatehouse-system.svc", "10.0.0.7"), java.time.Clock.systemUTC(),
                java.time.Duration.ofDays(30));

        bundle.serving().leaf().verify(bundle.ca().getPublicKey());
        assertThat(bundle.serving().leaf().getSubjectAlternativeNames())
                .extracting(entry -> (Object) entry.get(1))
                .containsExactly((Object) "gatehouse.gatehouse-system.svc", "10.0.0.7");
        assertThat(bundle.ca().getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(bundle.serving().leaf().getBasicConstraints()).isEqualTo(-1);
        assertThat(bundle.caPem()).startsWith("-----BEGIN CERTIFICATE-----");
    }
}
