package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.NullValue;
import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Crypto builtins (OPA's {@code crypto.go}) on the JDK: digests, HMACs, constant-time comparison and X.509 /
 * private-key parsing. Certificates are rendered as the commonly used subset of Go's {@code x509.Certificate}
 * JSON (Subject, Issuer, names, validity, key usage, SANs including {@code URIStrings}). Stateless.
 */
final class CryptoBuiltins implements BuiltinFamily {

    private static final Type STRING_OBJECT = Types.objectOf(Types.STRING, Types.ANY);

    @Override
    public List<Builtin> builtins() {
        return List.of(
                digest("crypto.md5", "MD5"), digest("crypto.sha1", "SHA-1"), digest("crypto.sha256", "SHA-256"),
                hmac("crypto.hmac.md5", "HmacMD5"), hmac("crypto.hmac.sha1", "HmacSHA1"),
                hmac("crypto.hmac.sha256", "HmacSHA256"), hmac("crypto.hmac.sha512", "HmacSHA512"),
                Builtin.of(decl("crypto.hmac.equal").arg("mac1", Types.STRING).arg("mac2", Types.STRING)
                        .result(Types.BOOLEAN).build(), (ctx, a) -> BooleanValue.of(MessageDigest.isEqual(
                                Keys.utf8(Operands.string(a[0], 1)), Keys.utf8(Operands.string(a[1], 2))))),
                Builtin.of(decl("crypto.x509.parse_certificates").arg("certs", Types.STRING)
                        .result(Types.arrayOf(STRING_OBJECT)).build(), CryptoBuiltins::parseCertificates),
                Builtin.of(decl("crypto.x509.parse_and_verify_certificates").arg("certs", Types.STRING)
                        .result(Types.ANY_ARRAY).build(), (ctx, a) -> parseAndVerify(ctx, a[0])),
                Builtin.of(decl("crypto.x509.parse_and_verify_certificates_with_options").arg("certs", Types.STRING)
                        .arg("options", STRING_OBJECT).result(Types.ANY_ARRAY).build(),
                        (ctx, a) -> {
                            Operands.object(a[1], 2);
                            return parseAndVerify(ctx, a[0]);
                        }),
                Builtin.of(decl("crypto.x509.parse_certificate_request").arg("csr", Types.STRING)
                        .result(STRING_OBJECT).build(), CryptoBuiltins::parseCsr),
                Builtin.of(decl("crypto.x509.parse_keypair").arg("cert", Types.STRING).arg("pem", Types.STRING)
                        .result(STRING_OBJECT).build(), CryptoBuiltins::parseKeypair),
                Builtin.of(decl("crypto.x509.parse_rsa_private_key").arg("pem", Types.STRING).result(STRING_OBJECT)
                        .build(), CryptoBuiltins::parseRsaPrivateKey),
                Builtin.of(decl("crypto.parse_private_keys").arg("keys", Types.STRING)
                        .result(Types.arrayOf(STRING_OBJECT)).build(), CryptoBuiltins::parsePrivateKeys));
    }

    private static BuiltinDecl.Builder decl(String name) {
        return BuiltinDecl.builder(name).category("crypto");
    }

    private static Builtin digest(String name, String algorithm) {
        return Builtin.of(decl(name).arg("x", Types.STRING).result(Types.STRING).build(), (ctx, a) -> {
            try {
                byte[] h = MessageDigest.getInstance(algorithm).digest(Keys.utf8(Operands.string(a[0], 1)));
                return StringValue.of(HexFormat.of().formatHex(h));
            } catch (GeneralSecurityException e) {
                throw BuiltinException.builtinError(e.getMessage());
            }
        });
    }

    private static Builtin hmac(String name, String algorithm) {
        return Builtin.of(decl(name).arg("x", Types.STRING).arg("key", Types.STRING).result(Types.STRING).build(),
                (ctx, a) -> {
                    try {
                        Mac mac = Mac.getInstance(algorithm);
                        mac.init(Keys.hmacKey(Keys.utf8(Operands.string(a[1], 2))));
                        return StringValue.of(HexFormat.of().formatHex(mac.doFinal(Keys.utf8(Operands.string(a[0], 1)))));
                    } catch (GeneralSecurityException e) {
                        throw BuiltinException.builtinError(e.getMessage());
                    }
                });
    }

    // ---- input forms ----

    /** PEM text as is, anything else base64-decoded first (as OPA); the bytes of all blocks or the raw DER. */
    private static byte[] pemOrBase64(String input, String pemPrefix) {
        if (input.startsWith(pemPrefix)) {
            return Keys.utf8(input);
        }
        return EncodingBuiltins.decodeBase64(Keys.utf8(input), stdMap(), true);
    }

    private static int[] stdMap() {
        int[] map = new int[256];
        java.util.Arrays.fill(map, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            map[alphabet.charAt(i)] = i;
        }
        return map;
    }

    static List<X509Certificate> certificates(String input) {
        byte[] bytes = pemOrBase64(input, "-----BEGIN CERTIFICATE-----");
        String text = EncodingBuiltins.text(bytes);
        try {
            List<X509Certificate> out = new ArrayList<>();
            List<Keys.PemBlock> blocks = Keys.pemAll(text);
            if (blocks.isEmpty()) {
                CertificateFactory cf = CertificateFactory.getInstance("X.509");
                Collection<? extends java.security.cert.Certificate> certs =
                        cf.generateCertificates(new java.io.ByteArrayInputStream(bytes));
                for (java.security.cert.Certificate c : certs) {
                    out.add((X509Certificate) c);
                }
                if (out.isEmpty()) {
                    throw BuiltinException.builtinError("x509: malformed certificate");
                }
                return out;
            }
            for (Keys.PemBlock b : blocks) {
                if (b.type().equals("CERTIFICATE")) {
                    out.add(Keys.certificate(b.bytes()));
                }
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw BuiltinException.builtinError("x509: malformed certificate");
        }
    }

    static Value parseCertificates(BuiltinContext ctx, Value[] a) {
        List<Value> out = new ArrayList<>();
        for (X509Certificate c : certificates(Operands.string(a[0], 1))) {
            out.add(certificate(c));
        }
        return ArrayValue.of(out);
    }

    /** Verifies a chain given root first and leaf last; returns the chain leaf first, as Go's Verify. */
    static Value parseAndVerify(BuiltinContext ctx, Value input) {
        Value invalid = ArrayValue.of(BooleanValue.FALSE, ArrayValue.EMPTY);
        List<X509Certificate> certs;
        try {
            certs = certificates(Operands.string(input, 1));
        } catch (BuiltinException e) {
            return invalid;
        }
        if (certs.size() < 2) {
            return invalid;
        }
        try {
            X509Certificate root = certs.get(0);
            List<X509Certificate> path = new ArrayList<>();
            for (int i = certs.size() - 1; i >= 1; i--) {
                path.add(certs.get(i));
            }
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(ctx.queryTime()));
            CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(path), params);
            List<Value> chain = new ArrayList<>();
            for (X509Certificate c : path) {
                chain.add(certificate(c));
            }
            chain.add(certificate(root));
            return ArrayValue.of(BooleanValue.TRUE, ArrayValue.of(chain));
        } catch (GeneralSecurityException e) {
            return invalid;
        }
    }

    // ---- rendering ----

    private static Value b64(byte[] bytes) {
        return bytes == null ? NullValue.INSTANCE : StringValue.of(Base64.getEncoder().encodeToString(bytes));
    }

    private static Value strings(Collection<String> items) {
        if (items == null || items.isEmpty()) {
            return NullValue.INSTANCE;
        }
        List<Value> out = new ArrayList<>();
        items.forEach(s -> out.add(StringValue.of(s)));
        return ArrayValue.of(out);
    }

    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_INSTANT;

    static ObjectValue certificate(X509Certificate c) {
        ObjectValue.Builder b = ObjectValue.builder();
        try {
            b.put("Raw", b64(c.getEncoded()));
            b.put("RawTBSCertificate", b64(c.getTBSCertificate()));
        } catch (GeneralSecurityException e) {
            throw BuiltinException.builtinError("x509: malformed certificate");
        }
        b.put("RawSubjectPublicKeyInfo", b64(c.getPublicKey().getEncoded()));
        b.put("RawSubject", b64(c.getSubjectX500Principal().getEncoded()));
        b.put("RawIssuer", b64(c.getIssuerX500Principal().getEncoded()));
        b.put("Signature", b64(c.getSignature()));
        b.put("SignatureAlgorithm", NumberValue.of(signatureAlgorithm(c.getSigAlgName())));
        b.put("PublicKeyAlgorithm", NumberValue.of(publicKeyAlgorithm(c.getPublicKey())));
        b.put("PublicKey", publicKey(c.getPublicKey()));
        b.put("Version", NumberValue.of(c.getVersion()));
        b.put("SerialNumber", Numbers.of(c.getSerialNumber()));
        b.put("Issuer", name(c.getIssuerX500Principal()));
        b.put("Subject", name(c.getSubjectX500Principal()));
        b.put("NotBefore", StringValue.of(RFC3339.format(c.getNotBefore().toInstant())));
        b.put("NotAfter", StringValue.of(RFC3339.format(c.getNotAfter().toInstant())));
        b.put("KeyUsage", NumberValue.of(keyUsage(c.getKeyUsage())));
        b.put("IsCA", BooleanValue.of(c.getBasicConstraints() >= 0));
        b.put("BasicConstraintsValid", BooleanValue.of(c.getBasicConstraints() >= 0
                || c.getExtensionValue("2.5.29.19") != null));
        b.put("MaxPathLen", NumberValue.of(c.getBasicConstraints() == Integer.MAX_VALUE ? -1
                : Math.max(c.getBasicConstraints(), -1)));
        List<String> dns = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        try {
            Collection<List<?>> sans = c.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    String v = String.valueOf(san.get(1));
                    switch (type) {
                        case 1 -> emails.add(v);
                        case 2 -> dns.add(v);
                        case 6 -> uris.add(v);
                        case 7 -> ips.add(v);
                        default -> { }
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            throw BuiltinException.builtinError("x509: malformed certificate");
        }
        b.put("DNSNames", strings(dns));
        b.put("EmailAddresses", strings(emails));
        b.put("IPAddresses", strings(ips));
        b.put("URIStrings", strings(uris));
        try {
            b.put("ExtKeyUsage", extKeyUsage(c.getExtendedKeyUsage()));
        } catch (GeneralSecurityException e) {
            b.put("ExtKeyUsage", NullValue.INSTANCE);
        }
        return b.build();
    }

    private static Value extKeyUsage(List<String> oids) {
        if (oids == null || oids.isEmpty()) {
            return NullValue.INSTANCE;
        }
        List<Value> out = new ArrayList<>();
        for (String oid : oids) {
            int v = switch (oid) {
                case "2.5.29.37.0" -> 0;
                case "1.3.6.1.5.5.7.3.1" -> 1;
                case "1.3.6.1.5.5.7.3.2" -> 2;
                case "1.3.6.1.5.5.7.3.3" -> 3;
                case "1.3.6.1.5.5.7.3.4" -> 4;
                case "1.3.6.1.5.5.7.3.8" -> 8;
                case "1.3.6.1.5.5.7.3.9" -> 9;
                default -> -1;
            };
            if (v >= 0) {
                out.add(NumberValue.of(v));
            }
        }
        return out.isEmpty() ? NullValue.INSTANCE : ArrayValue.of(out);
    }

    private static int keyUsage(boolean[] bits) {
        if (bits == null) {
            return 0;
        }
        int v = 0;
        for (int i = 0; i < bits.length && i < 9; i++) {
            if (bits[i]) {
                v |= 1 << i;
            }
        }
        return v;
    }

    /** Go's x509.SignatureAlgorithm numbering. */
    private static int signatureAlgorithm(String name) {
        return switch (name.toUpperCase(java.util.Locale.ROOT)) {
            case "MD5WITHRSA" -> 2;
            case "SHA1WITHRSA" -> 3;
            case "SHA256WITHRSA" -> 4;
            case "SHA384WITHRSA" -> 5;
            case "SHA512WITHRSA" -> 6;
            case "SHA1WITHECDSA" -> 9;
            case "SHA256WITHECDSA" -> 10;
            case "SHA384WITHECDSA" -> 11;
            case "SHA512WITHECDSA" -> 12;
            case "RSASSA-PSS" -> 13;
            case "ED25519", "EDDSA" -> 16;
            default -> 0;
        };
    }

    private static int publicKeyAlgorithm(PublicKey k) {
        return switch (k.getAlgorithm()) {
            case "RSA" -> 1;
            case "DSA" -> 2;
            case "EC" -> 3;
            case "Ed25519", "EdDSA" -> 4;
            default -> 0;
        };
    }

    private static Value publicKey(PublicKey k) {
        if (k instanceof RSAPublicKey r) {
            return ObjectValue.builder().put("N", Numbers.of(r.getModulus()))
                    .put("E", Numbers.of(r.getPublicExponent())).build();
        }
        if (k instanceof ECPublicKey e) {
            return ObjectValue.builder().put("Curve", ObjectValue.EMPTY)
                    .put("X", Numbers.of(e.getW().getAffineX())).put("Y", Numbers.of(e.getW().getAffineY()))
                    .build();
        }
        return b64(k.getEncoded());
    }

    /** Go's pkix.Name JSON. */
    static ObjectValue name(X500Principal p) {
        List<String> country = new ArrayList<>();
        List<String> org = new ArrayList<>();
        List<String> unit = new ArrayList<>();
        List<String> locality = new ArrayList<>();
        List<String> province = new ArrayList<>();
        List<String> street = new ArrayList<>();
        List<String> postal = new ArrayList<>();
        String serial = "";
        String common = "";
        List<Value> names = new ArrayList<>();
        try {
            List<Rdn> rdns = new LdapName(p.getName(X500Principal.RFC2253, java.util.Map.of(
                    "2.5.4.17", "POSTALCODE", "2.5.4.5", "SERIALNUMBER", "2.5.4.9", "STREET"))).getRdns();
            for (Rdn rdn : rdns) {
                String type = rdn.getType().toUpperCase(java.util.Locale.ROOT);
                String value = String.valueOf(rdn.getValue());
                int[] oid;
                switch (type) {
                    case "C" -> { country.add(value); oid = new int[] {2, 5, 4, 6}; }
                    case "O" -> { org.add(value); oid = new int[] {2, 5, 4, 10}; }
                    case "OU" -> { unit.add(value); oid = new int[] {2, 5, 4, 11}; }
                    case "L" -> { locality.add(value); oid = new int[] {2, 5, 4, 7}; }
                    case "ST" -> { province.add(value); oid = new int[] {2, 5, 4, 8}; }
                    case "STREET" -> { street.add(value); oid = new int[] {2, 5, 4, 9}; }
                    case "POSTALCODE" -> { postal.add(value); oid = new int[] {2, 5, 4, 17}; }
                    case "SERIALNUMBER" -> { serial = value; oid = new int[] {2, 5, 4, 5}; }
                    case "CN" -> { common = value; oid = new int[] {2, 5, 4, 3}; }
                    default -> oid = null;
                }
                if (oid != null) {
                    List<Value> oidValues = new ArrayList<>();
                    for (int x : oid) {
                        oidValues.add(NumberValue.of(x));
                    }
                    names.add(ObjectValue.builder().put("Type", ArrayValue.of(oidValues))
                            .put("Value", StringValue.of(value)).build());
                }
            }
        } catch (InvalidNameException e) {
            // leave the fields empty
        }
        return ObjectValue.builder()
                .put("Country", strings(country)).put("Organization", strings(org))
                .put("OrganizationalUnit", strings(unit)).put("Locality", strings(locality))
                .put("Province", strings(province)).put("StreetAddress", strings(street))
                .put("PostalCode", strings(postal)).put("SerialNumber", StringValue.of(serial))
                .put("CommonName", StringValue.of(common))
                .put("Names", names.isEmpty() ? NullValue.INSTANCE : ArrayValue.of(names))
                .put("ExtraNames", NullValue.INSTANCE).build();
    }

    // ---- CSR ----

    static Value parseCsr(BuiltinContext ctx, Value[] a) {
        String input = Operands.string(a[0], 1);
        byte[] bytes = pemOrBase64(input, "-----BEGIN CERTIFICATE REQUEST-----");
        Keys.PemBlock block = Keys.pem(EncodingBuiltins.text(bytes));
        if (block != null && !block.type().equals("CERTIFICATE REQUEST")) {
            throw BuiltinException.builtinError("invalid PEM-encoded certificate signing request");
        }
        byte[] der = block != null ? block.bytes() : bytes;
        return Csr.parse(der);
    }

    // ---- private keys ----

    private static PrivateKey privateKey(Keys.PemBlock block) {
        try {
            return switch (block.type()) {
                case "RSA PRIVATE KEY" -> KeyFactory.getInstance("RSA").generatePrivate(
                        new PKCS8EncodedKeySpec(Pkcs.wrapPkcs1(block.bytes())));
                case "EC PRIVATE KEY" -> KeyFactory.getInstance("EC").generatePrivate(
                        new PKCS8EncodedKeySpec(Pkcs.wrapSec1(block.bytes())));
                case "PRIVATE KEY" -> Pkcs.pkcs8(block.bytes());
                default -> null;
            };
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    static Value jwk(PrivateKey key) {
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        if (key instanceof RSAPrivateCrtKey r) {
            return ObjectValue.builder().put("kty", StringValue.of("RSA"))
                    .put("n", StringValue.of(enc.encodeToString(unsigned(r.getModulus()))))
                    .put("e", StringValue.of(enc.encodeToString(unsigned(r.getPublicExponent()))))
                    .put("d", StringValue.of(enc.encodeToString(unsigned(r.getPrivateExponent()))))
                    .put("p", StringValue.of(enc.encodeToString(unsigned(r.getPrimeP()))))
                    .put("q", StringValue.of(enc.encodeToString(unsigned(r.getPrimeQ()))))
                    .put("dp", StringValue.of(enc.encodeToString(unsigned(r.getPrimeExponentP()))))
                    .put("dq", StringValue.of(enc.encodeToString(unsigned(r.getPrimeExponentQ()))))
                    .put("qi", StringValue.of(enc.encodeToString(unsigned(r.getCrtCoefficient())))).build();
        }
        if (key instanceof ECPrivateKey e) {
            return ObjectValue.builder().put("kty", StringValue.of("EC"))
                    .put("d", StringValue.of(enc.encodeToString(unsigned(e.getS())))).build();
        }
        return ObjectValue.builder().put("kty", StringValue.of(key.getAlgorithm())).build();
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            return java.util.Arrays.copyOfRange(b, 1, b.length);
        }
        return b;
    }

    static Value parseRsaPrivateKey(BuiltinContext ctx, Value[] a) {
        String input = Operands.string(a[0], 1);
        byte[] bytes = pemOrBase64(input, "-----BEGIN");
        Keys.PemBlock block = Keys.pem(EncodingBuiltins.text(bytes));
        if (block == null) {
            throw BuiltinException.builtinError("failed to parse PEM block containing the key");
        }
        PrivateKey key = privateKey(block);
        if (!(key instanceof RSAPrivateCrtKey)) {
            throw BuiltinException.builtinError("failed to parse RSA private key");
        }
        return jwk(key);
    }

    static Value parsePrivateKeys(BuiltinContext ctx, Value[] a) {
        String input = Operands.string(a[0], 1);
        if (input.isEmpty()) {
            return NullValue.INSTANCE;
        }
        String text = input;
        if (!input.startsWith("-----BEGIN")) {
            try {
                text = EncodingBuiltins.text(EncodingBuiltins.decodeBase64(Keys.utf8(input), stdMap(), true));
            } catch (BuiltinException e) {
                return ArrayValue.EMPTY;
            }
        }
        List<Value> out = new ArrayList<>();
        for (Keys.PemBlock b : Keys.pemAll(text)) {
            PrivateKey k = privateKey(b);
            if (k != null) {
                out.add(jwk(k));
            }
        }
        return ArrayValue.of(out);
    }

    static Value parseKeypair(BuiltinContext ctx, Value[] a) {
        String certText = EncodingBuiltins.text(pemOrBase64(Operands.string(a[0], 1), "-----BEGIN"));
        String keyText = EncodingBuiltins.text(pemOrBase64(Operands.string(a[1], 2), "-----BEGIN"));
        List<Value> chain = new ArrayList<>();
        X509Certificate leaf = null;
        for (Keys.PemBlock b : Keys.pemAll(certText)) {
            if (b.type().equals("CERTIFICATE")) {
                chain.add(StringValue.of(Base64.getEncoder().encodeToString(b.bytes())));
                if (leaf == null) {
                    try {
                        leaf = Keys.certificate(b.bytes());
                    } catch (GeneralSecurityException e) {
                        throw BuiltinException.builtinError("x509: malformed certificate");
                    }
                }
            }
        }
        if (leaf == null) {
            throw BuiltinException.builtinError("tls: failed to find any PEM data in certificate input");
        }
        PrivateKey key = null;
        for (Keys.PemBlock b : Keys.pemAll(keyText)) {
            key = privateKey(b);
            if (key != null) {
                break;
            }
        }
        if (key == null) {
            throw BuiltinException.builtinError("tls: failed to find any PEM data in key input");
        }
        return ObjectValue.builder().put("Certificate", ArrayValue.of(chain)).put("PrivateKey", jwk(key))
                .put("Leaf", certificate(leaf)).build();
    }
}
