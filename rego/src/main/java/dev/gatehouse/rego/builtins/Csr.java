package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.math.BigInteger;
import java.util.Base64;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/** PKCS#10 certificate requests rendered like Go's {@code x509.CertificateRequest} JSON (common fields). */
final class Csr {
    private Csr() {}

    static Value parse(byte[] der) {
        try {
            Pkcs.Der request = Pkcs.read(der, 0);
            List<Pkcs.Der> parts = request.children();
            Pkcs.Der info = parts.get(0);
            List<Pkcs.Der> fields = info.children();
            Pkcs.Der subject = fields.get(1);
            Pkcs.Der spki = fields.get(2);
            Base64.Encoder b64 = Base64.getEncoder();
            ObjectValue.Builder b = ObjectValue.builder()
                    .put("Raw", StringValue.of(b64.encodeToString(request.encoded())))
                    .put("RawTBSCertificateRequest", StringValue.of(b64.encodeToString(info.encoded())))
                    .put("RawSubjectPublicKeyInfo", StringValue.of(b64.encodeToString(spki.encoded())))
                    .put("RawSubject", StringValue.of(b64.encodeToString(subject.encoded())))
                    .put("Version", NumberValue.of(new BigInteger(fields.get(0).content())))
                    .put("Subject", CryptoBuiltins.name(new X500Principal(subject.encoded())));
            if (parts.size() > 2) {
                byte[] sig = parts.get(2).content();
                b.put("Signature", StringValue.of(b64.encodeToString(
                        sig.length > 0 ? java.util.Arrays.copyOfRange(sig, 1, sig.length) : sig)));
            }
            return b.build();
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw BuiltinException.builtinError("asn1: structure error: " + e.getMessage());
        }
    }
}
