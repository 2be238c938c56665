package dev.gatehouse.auth.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeysTest {

    @TempDir
    Path dir;

    /** Finds ../shared/conformance from the working directory upwards (the material stays outside the project). */
    static Path conformance() {
        String property = System.getProperty("gatehouse.conformance");
        if (property != null) {
            return Path.of(property);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/conformance");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    @Test
    void keyId_ofUpstreamVector_matchesKeyidTestGo() throws Exception {
        Path root = conformance();
        assumeTrue(root != null, "../shared/conformance not found; set -Dgatehouse.conformance");
        Path vector = root.resolve("tokens/keyid-vector");
        String expected = Files.readAllLines(vector.resolve("keyid_test_vector.txt")).stream()
                .filter(l -> l.startsWith("expected kid:")).map(l -> l.substring("expected kid:".length()).strip())
                .findFirst().orElseThrow();
        List<ServiceAccountKey> keys = ServiceAccountKey.read(vector.resolve("k.pem"));
        assertThat(keys).hasSize(1);
        assertThat(keys.getFirst().keyId()).isEqualTo(expected).isEqualTo("JHJehTTTZlsspKHT-GaJxK7Kd1NQgZJu3fyK6K_QDYU");
        assertThat(keys.getFirst().algorithm()).isEqualTo(SigningAlgorithm.RS256);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SigningAlgorithm.class)
    void everyPemForm_ofOneKey_yieldsTheSameKid(SigningAlgorithm algorithm) throws Exception {
        KeyPair pair = TestKeys.pair(algorithm);
        String kid = KeyIds.of(pair.getPublic());
        String pkcs8 = KeyGenerator.pem("PRIVATE KEY", pair.getPrivate().getEncoded());
        String spki = KeyGenerator.pem("PUBLIC KEY", pair.getPublic().getEncoded());
        String traditional = traditional(pair, algorithm, true); // PKCS#1 for RSA, SEC1 for EC
        List<String> forms = new java.util.ArrayList<>(List.of(pkcs8, spki, traditional));
        if (algorithm != SigningAlgorithm.RS256) {
            forms.add(traditional(pair, algorithm, false)); // SEC1 without its public key: derived as d*G
        }
        for (String pem : forms) {
            List<ServiceAccountKey> keys = PemKeyReader.parse(pem, "test");
            assertThat(keys).singleElement().satisfies(k -> {
                assertThat(k.keyId()).isEqualTo(kid);
                assertThat(k.algorithm()).isEqualTo(algorithm);
                assertThat(k.publicKey()).isEqualTo(pair.getPublic());
            });
        }
        assertThat(PemKeyReader.parse(pkcs8, "t").getFirst().canSign()).isTrue();
        assertThat(PemKeyReader.parse(spki, "t").getFirst().canSign()).isFalse();
    }

    /** PKCS#1 (via BouncyCastle's writer) or SEC1 with curve parameters, as openssl writes them. */
    static String traditional(KeyPair pair, SigningAlgorithm algorithm, boolean withPublicKey) throws Exception {
        if (algorithm == SigningAlgorithm.RS256) {
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(pair);
            }
            assertThat(out.toString()).contains("RSA PRIVATE KEY");
            return out.toString();
        }
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded());
        var inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
        int bits = switch (algorithm) { case ES256 -> 256; case ES384 -> 384; default -> 521; };
        var params = info.getPrivateKeyAlgorithm().getParameters();
        var sec1 = withPublicKey
                ? new org.bouncycastle.asn1.sec.ECPrivateKey(bits, inner.getKey(),
                        SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()).getPublicKeyData(), params)
                : new org.bouncycastle.asn1.sec.ECPrivateKey(bits, inner.getKey(), params);
        return KeyGenerator.pem("EC PRIVATE KEY", sec1.getEncoded());
    }

    @Test
    void ecParametersBlock_beforeSec1Key_isSkipped() throws Exception {
        String out = traditional(TestKeys.pair(SigningAlgorithm.ES256), SigningAlgorithm.ES256, true);
        String withParams = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" + out;
        assertThat(PemKeyReader.parse(withParams, "t")).singleElement().extracting(ServiceAccountKey::algorithm)
                .isEqualTo(SigningAlgorithm.ES256);
    }

    @Test
    void garbage_isAnErrorNamingTheFile() {
        assertThatThrownBy(() -> PemKeyReader.parse("hello", "keys/sa.key"))
                .isInstanceOf(KeyException.class).hasMessageContaining("keys/sa.key");
        assertThatThrownBy(() -> PemKeyReader.parse("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "x.pem"))
                .isInstanceOf(KeyException.class).hasMessageStartingWith("x.pem");
    }

    @Test
    void keyGenerator_writesPrivateKeyWithMode0600_andLoadsBack() throws Exception {
        KeyGenerator.Written written = KeyGenerator.write(SigningAlgorithm.ES384, dir.resolve("keys"), "sa");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written.privateKeyFile()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written.publicKeyFile()))).isEqualTo("rw-r--r--");
        KeySet keys = KeySet.load(List.of(dir.resolve("keys")));
        assertThat(keys.signingKey()).get().extracting(ServiceAccountKey::keyId).isEqualTo(written.keyId());
        assertThat(keys.keys()).extracting(ServiceAccountKey::keyId).containsOnly(written.keyId());
        assertThatThrownBy(() -> KeyGenerator.write(SigningAlgorithm.ES384, dir.resolve("keys"), "sa"))
                .isInstanceOf(KeyException.class).hasMessageContaining("already exists");
    }

    @Test
    void keySet_firstPrivateKeySigns_allKeysVerify() throws Exception {
        Path old = dir.resolve("old.pub");
        Files.writeString(old, KeyGenerator.pem("PUBLIC KEY", TestKeys.pair(SigningAlgorithm.RS256).getPublic().getEncoded()));
        Path current = dir.resolve("current.key");
        Files.writeString(current, KeyGenerator.pem("PRIVATE KEY", TestKeys.pair(SigningAlgorithm.ES256).getPrivate().getEncoded()));
        KeySet keys = KeySet.load(List.of(old, current));
        assertThat(keys.signingKey()).get().extracting(ServiceAccountKey::algorithm).isEqualTo(SigningAlgorithm.ES256);
        assertThat(keys.candidates("")).hasSize(2);
        assertThat(keys.candidates(KeyIds.of(TestKeys.pair(SigningAlgorithm.RS256).getPublic()))).hasSize(1);
        assertThat(keys.candidates("../../etc/passwd")).isEmpty();
    }
}
