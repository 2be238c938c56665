package dev.gatehouse.rego.builtins;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Just enough DER to turn PKCS#1 RSA and SEC1 EC private keys into PKCS#8 (the only form the JDK's KeyFactory
 * reads) and to split PKCS#10 requests. Malformed input fails with IllegalArgumentException. Stateless.
 */
final class Pkcs {
    private Pkcs() {}

    /** One DER element: tag, and the content's [start, end) in the source. */
    record Der(int tag, byte[] src, int start, int end, int headerStart) {
        byte[] content() {
            return Arrays.copyOfRange(src, start, end);
        }

        byte[] encoded() {
            return Arrays.copyOfRange(src, headerStart, end);
        }

        List<Der> children() {
            List<Der> out = new ArrayList<>();
            int p = start;
            while (p < end) {
                Der d = read(src, p);
                out.add(d);
                p = d.end();
            }
            return out;
        }
    }

    static Der read(byte[] src, int at) {
        if (at + 2 > src.length) {
            throw new IllegalArgumentException("asn1: structure error: truncated");
        }
        int tag = src[at] & 0xff;
        int len = src[at + 1] & 0xff;
        int p = at + 2;
        if (len >= 0x80) {
            int n = len & 0x7f;
            if (n == 0 || n > 4 || p + n > src.length) {
                throw new IllegalArgumentException("asn1: structure error: bad length");
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (src[p++] & 0xff);
            }
        }
        if (len < 0 || p + len > src.length) {
            throw new IllegalArgumentException("asn1: structure error: length out of range");
        }
        return new Der(tag, src, p, p + len, at);
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len);
        } else {
            out.write(0x83);
            out.write(len >> 16);
            out.write(len >> 8);
            out.write(len);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};
    private static final byte[] RSA_ALGORITHM = tlv(0x30, concat(
            new byte[] {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01},
            new byte[] {0x05, 0x00}));
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    static byte[] wrapPkcs1(byte[] pkcs1) {
        return tlv(0x30, concat(VERSION_0, RSA_ALGORITHM, tlv(0x04, pkcs1)));
    }

    /** SEC1 ECPrivateKey carries its curve in the [0] field; PKCS#8 wants it in the algorithm identifier. */
    static byte[] wrapSec1(byte[] sec1) {
        Der seq = read(sec1, 0);
        byte[] curve = null;
        for (Der d : seq.children()) {
            if (d.tag() == 0xa0) {
                curve = d.content();
            }
        }
        if (curve == null) {
            throw new IllegalArgumentException("x509: EC private key without curve parameters");
        }
        return tlv(0x30, concat(VERSION_0, tlv(0x30, concat(EC_PUBLIC_KEY_OID, curve)), tlv(0x04, sec1)));
    }

    static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String alg : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }
}
