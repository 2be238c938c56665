package dev.gatehouse.server.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes a throw-away certificate authority and a serving certificate signed by it, both EC P-256. Clients trust
 * the CA (written out as PEM, or put in a webhook's {@code caBundle}); the serving certificate names the hosts the
 * server is reached by. For development, tests and the load driver; production mounts a certificate from a Secret.
 *
 * <p>Stateless and thread-safe.
 */
public final class SelfSignedCertificates {

    /** A generated CA and the serving certificate it signed. */
    public record Bundle(X509Certificate ca, ServingCertificate serving) {
        /** The CA certificate as PEM: what a client must trust. */
        public String caPem() {
            return ServingCertificate.certificatePem(ca);
        }
    }

    // Allow for clocks a little behind ours, as kubeadm and cert-manager do.
    private static final Duration BACKDATE = Duration.ofHours(1);

    private SelfSignedCertificates() {}

    /**
     * Generates a CA and a serving certificate for {@code hosts} (DNS names or IP literals).
     *
     * @param validity how long both certificates are valid from now
     */
    public static Bundle generate(List<String> hosts, Clock clock, Duration validity) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("A serving certificate needs at least one host name.");
        }
        try {
            Instant now = clock.instant();
            Date notBefore = Date.from(now.minus(BACKDATE));
            Date notAfter = Date.from(now.plus(validity));
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();

            KeyPair caKeys = ecKeyPair();
            X500Name caName = new X500Name("CN=gatehouse self-signed CA");
            X509v3CertificateBuilder caBuilder = new JcaX509v3CertificateBuilder(
                    caName, serial(), notBefore, notAfter, caName, caKeys.getPublic());
            caBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            caBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            caBuilder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(caKeys.getPublic()));
            X509Certificate ca = sign(caBuilder, caKeys);

            KeyPair servingKeys = ecKeyPair();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    caName, serial(), notBefore, notAfter, new X500Name("CN=" + hosts.get(0)), servingKeys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames(hosts));
            builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca));
            X509Certificate serving = sign(builder, caKeys);

            return new Bundle(ca, new ServingCertificate(servingKeys.getPrivate(), List.of(serving)));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        }
    }

    /** The host names a local server is usually reached by: localhost, the loopback addresses and this host's name. */
    public static List<String> localHosts() {
        List<String> hosts = new ArrayList<>(List.of("localhost", "127.0.0.1", "::1"));
        try {
            String name = InetAddress.getLocalHost().getHostName();
            if (!hosts.contains(name)) {
                hosts.add(name);
            }
        } catch (java.net.UnknownHostException e) {
            // No resolvable host name: the loopback names are enough for local clients.
        }
        return hosts;
    }

    private static GeneralNames subjectAlternativeNames(List<String> hosts) {
        GeneralName[] names = new GeneralName[hosts.size()];
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i);
            names[i] = isIpLiteral(host)
                    ? new GeneralName(GeneralName.iPAddress, host)
                    : new GeneralName(GeneralName.dNSName, host);
        }
        return new GeneralNames(names);
    }

    static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    }

    private static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, new SecureRandom());
    }
}
