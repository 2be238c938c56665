package dev.gatehouse.server.testing;

import dev.gatehouse.server.tls.SelfSignedCertificates;
import dev.gatehouse.server.tls.ServingCertificate;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates and PEM files for tests. */
public final class TestPki {

    private TestPki() {}

    public static SelfSignedCertificates.Bundle ecBundle() {
        return SelfSignedCertificates.generate(List.of("localhost", "127.0.0.1"), Clock.systemUTC(), Duration.ofDays(1));
    }

    /** A self-signed RSA certificate for localhost (it is its own CA). */
    public static SelfSignedCertificates.Bundle rsaSelfSigned() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name("CN=localhost");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        return new SelfSignedCertificates.Bundle(certificate, new ServingCertificate(keys.getPrivate(), List.of(certificate)));
    }

    /** The key in its "traditional" PEM form: PKCS#1 for RSA, SEC 1 for EC (what openssl genrsa/ecparam write). */
    public static String traditionalKeyPem(ServingCertificate certificate) throws IOException {
        if (certificate.key().getAlgorithm().equals("EC")) {
            // SEC 1 as openssl writes it: the curve in the structure itself, and the public point.
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(certificate.key().getEncoded());
            ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
            SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(certificate.leaf().getPublicKey().getEncoded());
            ECPrivateKey sec1 = new ECPrivateKey(256, inner.getKey(), publicKey.getPublicKeyData(),
                    info.getPrivateKeyAlgorithm().getParameters());
            return "-----BEGIN EC PRIVATE KEY-----\n"
                    + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(sec1.getEncoded())
                    + "\n-----END EC PRIVATE KEY-----\n";
        }
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(certificate.key());
        }
        return out.toString();
    }

    /** Writes cert and key atomically (rename), as a Secret volume update appears to readers. */
    public static void writeAtomically(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, content);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A client SSL context trusting these CA certificates only. */
    public static SSLContext trusting(X509Certificate... cas) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        for (int i = 0; i < cas.length; i++) {
            store.setCertificateEntry("ca" + i, cas[i]);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
