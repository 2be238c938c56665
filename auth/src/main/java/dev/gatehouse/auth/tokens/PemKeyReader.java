package dev.gatehouse.auth.tokens;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads the PEM blocks kube-apiserver accepts in --service-account-key-file and --service-account-signing-key-file:
 * PKCS#1 ("RSA PRIVATE KEY", "RSA PUBLIC KEY"), SEC1 ("EC PRIVATE KEY"), PKCS#8 ("PRIVATE KEY"),
 * SubjectPublicKeyInfo ("PUBLIC KEY") and X.509 certificates. Several blocks per file are allowed; "EC PARAMETERS"
 * blocks (as openssl ecparam writes them) are skipped. Keys come out as JDK key objects.
 */
final class PemKeyReader {

    private static final JcaPEMKeyConverter CONVERTER = new JcaPEMKeyConverter();
    /** A key file is a few kilobytes; refuse anything that is clearly not one before reading it into memory. */
    private static final long MAX_FILE_BYTES = 1 << 20;

    static List<ServiceAccountKey> read(Path file) throws KeyException {
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new KeyException(file + ": not a key file (larger than 1 MiB)");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KeyException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    static List<ServiceAccountKey> parse(String pem, String source) throws KeyException {
        List<ServiceAccountKey> keys = new ArrayList<>();
        try (Reader reader = new StringReader(pem); PEMParser parser = new PEMParser(reader)) {
            int block = 0;
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                block++;
                String where = source + " (PEM block " + block + ")";
                ServiceAccountKey key = toKey(object, where);
                if (key != null) {
                    keys.add(key);
                }
            }
        } catch (PEMException e) {
            throw new KeyException(source + ": malformed PEM: " + e.getMessage(), e);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new KeyException(source + ": malformed PEM: " + e.getMessage(), e);
        }
        if (keys.isEmpty()) {
            throw new KeyException(source + ": no PEM-encoded RSA or ECDSA key found");
        }
        return keys;
    }

    private static ServiceAccountKey toKey(Object object, String where) throws KeyException, PEMException {
        return switch (object) {
            case ASN1ObjectIdentifier curveParameters -> null;
            case PEMKeyPair pair when pair.getPublicKeyInfo() == null -> fromPrivate(CONVERTER.getPrivateKey(pair.getPrivateKeyInfo()), where);
            case PEMKeyPair pair -> {
                var jdk = CONVERTER.getKeyPair(pair);
                yield ServiceAccountKey.ofPair(jdk.getPublic(), jdk.getPrivate(), where);
            }
            case PrivateKeyInfo info -> fromPrivate(CONVERTER.getPrivateKey(info), where);
            case SubjectPublicKeyInfo info -> ServiceAccountKey.ofPublic(CONVERTER.getPublicKey(info), where);
            case X509CertificateHolder cert -> ServiceAccountKey.ofPublic(CONVERTER.getPublicKey(cert.getSubjectPublicKeyInfo()), where);
            case PEMEncryptedKeyPair encrypted -> throw new KeyException(where + ": encrypted private keys are not supported");
            case PKCS8EncryptedPrivateKeyInfo encrypted -> throw new KeyException(where + ": encrypted private keys are not supported");
            default -> throw new KeyException(where + ": unsupported PEM block (" + object.getClass().getSimpleName()
                    + "); expected an RSA or ECDSA key or certificate");
        };
    }

    /** PKCS#8 files carry no public key we can rely on: derive it (RSA from the CRT form, EC by d*G). */
    private static ServiceAccountKey fromPrivate(PrivateKey privateKey, String where) throws KeyException {
        try {
            PublicKey publicKey;
            if (privateKey instanceof RSAPrivateCrtKey rsa) {
                publicKey = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            } else if (privateKey instanceof ECPrivateKey ec) {
                var bcSpec = EC5Util.convertSpec(ec.getParams());
                var q = new FixedPointCombMultiplier().multiply(bcSpec.getG(), ec.getS()).normalize();
                BigInteger x = q.getAffineXCoord().toBigInteger();
                BigInteger y = q.getAffineYCoord().toBigInteger();
                publicKey = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), ec.getParams()));
            } else {
                throw new KeyException(where + ": unsupported private key type " + privateKey.getAlgorithm()
                        + ": service account keys are RSA or ECDSA");
            }
            return ServiceAccountKey.ofPair(publicKey, privateKey, where);
        } catch (java.security.GeneralSecurityException e) {
            throw new KeyException(where + ": cannot derive the public key: " + e.getMessage(), e);
        }
    }

    private PemKeyReader() {}
}
