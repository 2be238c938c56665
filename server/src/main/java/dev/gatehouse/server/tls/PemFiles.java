package dev.gatehouse.server.tls;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads a serving certificate from PEM files: a certificate chain (leaf first) and an RSA or EC private key in
 * PKCS#1 ({@code RSA PRIVATE KEY}), SEC 1 ({@code EC PRIVATE KEY}) or PKCS#8 ({@code PRIVATE KEY}) form. Checks
 * that the key belongs to the leaf certificate. Every failure names the file and the problem.
 *
 * <p>Stateless and thread-safe.
 */
public final class PemFiles {

    private PemFiles() {}

    /** Parses the two files' contents (already read, so a reload compares and parses the same bytes). */
    public static ServingCertificate parse(Path certFile, byte[] certPem, Path keyFile, byte[] keyPem)
            throws TlsConfigurationException {
        List<X509Certificate> chain = certificates(certFile, certPem);
        PrivateKey key = privateKey(keyFile, keyPem);
        requireMatch(chain.get(0), key, certFile, keyFile);
        return new ServingCertificate(key, chain);
    }

    /** Reads and parses the two files. */
    public static ServingCertificate read(Path certFile, Path keyFile) throws TlsConfigurationException {
        return parse(certFile, readFile(certFile, "certificate"), keyFile, readFile(keyFile, "private key"));
    }

    static byte[] readFile(Path file, String what) throws TlsConfigurationException {
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TlsConfigurationException("TLS " + what + " file " + file + " does not exist");
        } catch (IOException e) {
            throw new TlsConfigurationException("cannot read TLS " + what + " file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every CERTIFICATE block in the file, in order. */
    public static List<X509Certificate> certificates(Path file, byte[] pem) throws TlsConfigurationException {
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> chain = new ArrayList<>();
        try (PEMParser parser = parser(pem)) {
            Object item;
            while ((item = parser.readObject()) != null) {
                if (item instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                } else {
                    throw new TlsConfigurationException("TLS certificate file " + file
                            + " contains a " + describe(item) + " where only CERTIFICATE blocks are expected");
                }
            }
        } catch (IOException | CertificateException e) {
            throw new TlsConfigurationException("TLS certificate file " + file + " is not valid PEM: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new TlsConfigurationException("TLS certificate file " + file + " contains no PEM CERTIFICATE block");
        }
        return chain;
    }

    /** The one private key in the file. */
    public static PrivateKey privateKey(Path file, byte[] pem) throws TlsConfigurationException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        PrivateKey key = null;
        try (PEMParser parser = parser(pem)) {
            Object item;
            while ((item = parser.readObject()) != null) {
                PrivateKey found;
                if (item instanceof PEMKeyPair pair) {
                    // Only the private half: SEC 1 keys may omit the public key, which getKeyPair would need.
                    found = converter.getPrivateKey(pair.getPrivateKeyInfo());
                } else if (item instanceof PrivateKeyInfo info) {
                    found = converter.getPrivateKey(info);
                } else if (item instanceof ASN1ObjectIdentifier) {
                    continue; // "EC PARAMETERS" blocks that openssl writes before an EC key carry nothing we need.
                } else if (item instanceof PEMEncryptedKeyPair || item instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new TlsConfigurationException("TLS private key file " + file
                            + " holds an encrypted key; the server needs an unencrypted key (mount it from a Secret)");
                } else {
                    throw new TlsConfigurationException("TLS private key file " + file + " contains a "
                            + describe(item) + " where a private key is expected");
                }
                if (key != null) {
                    throw new TlsConfigurationException("TLS private key file " + file + " contains more than one private key");
                }
                key = found;
            }
        } catch (PEMException e) {
            throw new TlsConfigurationException("TLS private key file " + file + " holds an unsupported or corrupt key: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new TlsConfigurationException("TLS private key file " + file + " is not valid PEM: " + e.getMessage(), e);
        }
        if (key == null) {
            throw new TlsConfigurationException("TLS private key file " + file
                    + " contains no PEM private key block (RSA PRIVATE KEY, EC PRIVATE KEY or PRIVATE KEY)");
        }
        String algorithm = key.getAlgorithm();
        if (!algorithm.equals("RSA") && !algorithm.equals("EC")) {
            throw new TlsConfigurationException("TLS private key file " + file + " holds a " + algorithm
                    + " key; supported key types are RSA and EC");
        }
        return key;
    }

    // A signature round trip proves the pair belongs together for both RSA and EC without comparing key internals.
    private static void requireMatch(X509Certificate leaf, PrivateKey key, Path certFile, Path keyFile)
            throws TlsConfigurationException {
        PublicKey publicKey = leaf.getPublicKey();
        if (!publicKey.getAlgorithm().equals(key.getAlgorithm())) {
            throw new TlsConfigurationException("TLS private key file " + keyFile + " (" + key.getAlgorithm()
                    + ") does not match the first certificate in " + certFile + " (" + publicKey.getAlgorithm() + ")");
        }
        String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        byte[] probe = "gatehouse key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new TlsConfigurationException("TLS private key file " + keyFile
                        + " does not match the first certificate in " + certFile);
            }
        } catch (GeneralSecurityException e) {
            throw new TlsConfigurationException("TLS private key file " + keyFile
                    + " does not match the first certificate in " + certFile + ": " + e.getMessage(), e);
        }
    }

    private static PEMParser parser(byte[] pem) {
        return new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)));
    }

    private static String describe(Object item) {
        if (item instanceof PEMKeyPair || item instanceof PrivateKeyInfo) {
            return "private key";
        }
        if (item instanceof X509CertificateHolder) {
            return "certificate";
        }
        return item.getClass().getSimpleName() + " block";
    }
}
