package dev.gatehouse.server.authn;

import dev.gatehouse.auth.tokens.TokenRequestAuthorization.Caller;
import io.vertx.core.http.HttpConnection;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * The caller named by a verified TLS client certificate, as Kubernetes' x509 authenticator names it: the subject's
 * common name is the username, its organizations are the groups, and every authenticated user is also in
 * {@code system:authenticated}. A certificate without a CN authenticates nobody.
 *
 * <p>Only certificates the TLS handshake already verified against the configured client CAs reach here: the
 * server asks for a certificate, and a presented one that does not chain to a CA fails the handshake. Stateless.
 */
final class ClientCertificates {

    static final String AUTHENTICATED_GROUP = "system:authenticated";

    private ClientCertificates() {}

    /** The caller of a connection, if it presented a certificate with a CN. */
    static Optional<Caller> caller(HttpConnection connection) {
        if (!connection.isSsl()) {
            return Optional.empty();
        }
        List<Certificate> chain;
        try {
            chain = connection.peerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty(); // no certificate was presented
        }
        if (chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf)) {
            return Optional.empty();
        }
        return caller(leaf);
    }

    static Optional<Caller> caller(X509Certificate leaf) {
        X500Name subject = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded());
        List<String> commonNames = values(subject, BCStyle.CN);
        // Go's pkix.Name keeps the last CN it reads; kube-apiserver uses that one.
        String username = commonNames.isEmpty() ? "" : commonNames.getLast();
        if (username.isEmpty()) {
            return Optional.empty();
        }
        List<String> groups = new ArrayList<>(values(subject, BCStyle.O));
        if (!groups.contains(AUTHENTICATED_GROUP)) {
            groups.add(AUTHENTICATED_GROUP);
        }
        return Optional.of(new Caller(username, groups));
    }

    private static List<String> values(X500Name name, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
        List<String> out = new ArrayList<>();
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                if (attribute.getType().equals(type)) {
                    out.add(text(attribute.getValue()));
                }
            }
        }
        return out;
    }

    private static String text(ASN1Encodable value) {
        return value instanceof ASN1String string ? string.getString() : IETFUtils.valueToString(value);
    }
}
