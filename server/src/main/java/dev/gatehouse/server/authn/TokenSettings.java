package dev.gatehouse.server.authn;

import dev.gatehouse.auth.tokens.IssuerDiscovery;
import dev.gatehouse.auth.tokens.TokenIssuer;
import dev.gatehouse.auth.tokens.TokenRequestAuthorization;
import dev.gatehouse.auth.tokens.TokenVerifier;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the server needs to serve bound service account tokens. Given to
 * {@link dev.gatehouse.server.GatehouseServer.Builder#tokens(TokenSettings)}, it adds:
 * <ul>
 *   <li>{@code POST /v1/authenticate}: the TokenReview webhook (always, with the {@link TokenVerifier});</li>
 *   <li>{@code GET /.well-known/openid-configuration} and {@code GET /openid/v1/jwks}: issuer discovery, when
 *       {@link Builder#discovery} is set;</li>
 *   <li>{@code POST /api/v1/namespaces/{ns}/serviceaccounts/{name}/token}: TokenRequest, when
 *       {@link Builder#issuer} is set (a key set with a private key). Callers authenticate with a client
 *       certificate issued by one of {@link Builder#clientCertificateAuthorities} or with a bearer token the
 *       verifier accepts, and must be allowed by {@link Builder#authorization} (default: nobody).</li>
 * </ul>
 * Without token settings the server has none of these routes.
 *
 * <pre>{@code
 * TokenSettings tokens = TokenSettings.builder(verifier)
 *         .issuer(issuer)
 *         .discovery(new IssuerDiscovery(issuer.issuer(), null, keys))
 *         .authorization(TokenRequestAuthorization.load(Path.of("token-request-authz.yaml")))
 *         .clientCertificateAuthorities(clientCas)
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class TokenSettings {

    private final TokenVerifier verifier;
    private final TokenIssuer issuer;
    private final IssuerDiscovery discovery;
    private final TokenRequestAuthorization authorization;
    private final List<X509Certificate> clientCas;

    private TokenSettings(Builder b) {
        this.verifier = b.verifier;
        this.issuer = b.issuer;
        this.discovery = b.discovery;
        this.authorization = b.authorization;
        this.clientCas = List.copyOf(b.clientCas);
    }

    public static Builder builder(TokenVerifier verifier) {
        return new Builder(verifier);
    }

    public TokenVerifier verifier() {
        return verifier;
    }

    /** The issuer behind TokenRequest; empty when the server only verifies. */
    public Optional<TokenIssuer> issuer() {
        return Optional.ofNullable(issuer);
    }

    public Optional<IssuerDiscovery> discovery() {
        return Optional.ofNullable(discovery);
    }

    public TokenRequestAuthorization authorization() {
        return authorization;
    }

    /** CAs whose client certificates authenticate TokenRequest callers; empty: client certificates are not asked for. */
    public List<X509Certificate> clientCertificateAuthorities() {
        return clientCas;
    }

    /** Configures {@link TokenSettings}. Not thread-safe; build once. */
    public static final class Builder {
        private final TokenVerifier verifier;
        private TokenIssuer issuer;
        private IssuerDiscovery discovery;
        private TokenRequestAuthorization authorization = TokenRequestAuthorization.denyAll();
        private List<X509Certificate> clientCas = List.of();

        private Builder(TokenVerifier verifier) {
            this.verifier = Objects.requireNonNull(verifier, "verifier");
        }

        /** Serve TokenRequest with this issuer. */
        public Builder issuer(TokenIssuer issuer) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            return this;
        }

        /** Serve the discovery documents. */
        public Builder discovery(IssuerDiscovery discovery) {
            this.discovery = Objects.requireNonNull(discovery, "discovery");
            return this;
        }

        /** Who may request tokens for which service accounts; default {@link TokenRequestAuthorization#denyAll()}. */
        public Builder authorization(TokenRequestAuthorization authorization) {
            this.authorization = Objects.requireNonNull(authorization, "authorization");
            return this;
        }

        /**
         * Ask TLS clients for a certificate (never require one) and accept those that chain to these CAs; the
         * certificate's CN is the username and its O values the groups, as in Kubernetes.
         */
        public Builder clientCertificateAuthorities(List<X509Certificate> cas) {
            this.clientCas = List.copyOf(cas);
            return this;
        }

        public TokenSettings build() {
            return new TokenSettings(this);
        }
    }
}
