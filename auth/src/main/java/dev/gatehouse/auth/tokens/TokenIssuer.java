package dev.gatehouse.auth.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issues bound service account tokens with kube-apiserver's TokenRequest semantics
 * (pkg/registry/core/serviceaccount/storage/token.go and pkg/serviceaccount/claims.go):
 * <ul>
 *   <li>empty audiences become the server's audiences; expirationSeconds defaults to 3600, must be at least 600
 *       and at most 2^32, and is shortened to the configured maximum with the warning
 *       "requested expiration of X seconds shortened to Y seconds";</li>
 *   <li>a Pod, Secret or Node may bound the token (core group only); a pod must run as the same service account,
 *       and a pod-bound token also names the pod's node; a uid that differs from the object's is a 409;</li>
 *   <li>with extended expiration (the default), a pod-bound request for exactly 3607 seconds whose audiences are
 *       all server audiences gets a one-year JWT with {@code warnafter} = iat + 3607;</li>
 *   <li>every token has a random UUID {@code jti}, reported as audit annotation
 *       {@code authentication.kubernetes.io/issued-credential-id: JTI=<jti>}.</li>
 * </ul>
 *
 * <pre>{@code
 * TokenIssuer issuer = TokenIssuer.builder(keys, "https://kubernetes.default.svc.cluster.local")
 *         .apiAudiences(List.of("https://kubernetes.default.svc.cluster.local"))
 *         .objects(objects)
 *         .build();
 * IssuedToken token = issuer.issue("default", "builder", new TokenRequestSpec(List.of("vault"), 600L, null));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class TokenIssuer {

    /** The injected projected-token expiration that triggers the warn-only extension. */
    public static final long WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS = 60 * 60 + 7;
    /** The JWT lifetime of an extended token: one year. */
    public static final long EXPIRATION_EXTENSION_SECONDS = 24L * 365 * 60 * 60;
    public static final long MIN_EXPIRATION_SECONDS = 10 * 60;
    public static final long MAX_EXPIRATION_SECONDS = 1L << 32;
    public static final String ISSUED_CREDENTIAL_ID_ANNOTATION = "authentication.kubernetes.io/issued-credential-id";

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final String issuer;
    private final List<String> apiAudiences;
    private final Set<String> apiAudienceSet;
    private final TokenObjects objects;
    private final Clock clock;
    private final long maxExpirationSeconds;
    private final boolean extendExpiration;
    private final Supplier<String> jtiSource;
    private final JWSSigner signer;
    private final JWSHeader header;
    private final String encodedHeader;

    private TokenIssuer(Builder b) throws KeyException {
        ServiceAccountKey key = b.keys.signingKey().orElseThrow(
                () -> new KeyException("no private key among the service account keys: cannot sign tokens"));
        this.issuer = b.issuer;
        this.apiAudiences = List.copyOf(b.apiAudiences);
        this.apiAudienceSet = Set.copyOf(b.apiAudiences);
        this.objects = b.objects;
        this.clock = b.clock;
        this.maxExpirationSeconds = b.maxExpirationSeconds;
        this.extendExpiration = b.extendExpiration;
        this.jtiSource = b.jtiSource;
        this.signer = b.keys.signer();
        this.header = new JWSHeader.Builder(key.algorithm().jws()).keyID(key.keyId()).build();
        // go-jose writes the protected header as a sorted map: alg, then kid.
        ObjectNode h = JsonNodeFactory.instance.objectNode();
        h.put("alg", key.algorithm().name());
        h.put("kid", key.keyId());
        this.encodedHeader = B64.encodeToString(GoJson.write(h));
    }

    public static Builder builder(KeySet keys, String issuer) {
        return new Builder(keys, issuer);
    }

    /** The issuer ({@code iss}) this issuer writes. */
    public String issuer() {
        return issuer;
    }

    /** The server's audiences (the default audiences of a request). */
    public List<String> apiAudiences() {
        return apiAudiences;
    }

    /**
     * Issues a token for {@code namespace/serviceAccount}, as {@code POST .../serviceaccounts/NAME/token} does after
     * authorization.
     */
    public IssuedToken issue(String namespace, String serviceAccountName, TokenRequestSpec spec) throws TokenRequestException {
        ServiceAccount sa = lookup(() -> objects.serviceAccount(namespace, serviceAccountName))
                .orElseThrow(() -> TokenRequestException.notFound("serviceaccounts", serviceAccountName));
        List<String> audiences = spec.audiences().isEmpty() ? apiAudiences : spec.audiences();
        long requested = spec.expirationSeconds() == null ? TokenRequestSpec.DEFAULT_EXPIRATION_SECONDS : spec.expirationSeconds();
        Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        if (requested < MIN_EXPIRATION_SECONDS) {
            throw TokenRequestException.invalid("", "spec.expirationSeconds", Long.toString(requested),
                    "may not specify a duration less than 10 minutes");
        }
        if (requested > MAX_EXPIRATION_SECONDS) {
            throw TokenRequestException.invalid("", "spec.expirationSeconds", Long.toString(requested),
                    "may not specify a duration larger than 2^32 seconds");
        }

        Pod pod = null;
        Secret secret = null;
        Node node = null;
        BoundObjectRef ref = spec.boundObjectRef();
        if (ref != null) {
            String uid;
            if (ref.group().isEmpty() && ref.kind().equals("Pod")) {
                pod = lookup(() -> objects.pod(namespace, ref.name()))
                        .orElseThrow(() -> TokenRequestException.notFound("pods", ref.name()));
                String podSa = pod.getSpec() == null ? null : pod.getSpec().getServiceAccountName();
                if (!serviceAccountName.equals(podSa)) {
                    throw TokenRequestException.badRequest("cannot bind token for serviceaccount \"" + serviceAccountName
                            + "\" to pod running with different serviceaccount name.");
                }
                uid = uid(pod);
                String nodeName = pod.getSpec().getNodeName();
                if (nodeName != null && !nodeName.isEmpty()) {
                    // A missing Node still yields its name, so a token says where its pod was scheduled.
                    node = lookup(() -> objects.node(nodeName)).orElseGet(() -> namedNode(nodeName));
                }
            } else if (ref.group().isEmpty() && ref.kind().equals("Node")) {
                node = lookup(() -> objects.node(ref.name()))
                        .orElseThrow(() -> TokenRequestException.notFound("nodes", ref.name()));
                uid = uid(node);
            } else if (ref.group().isEmpty() && ref.kind().equals("Secret")) {
                secret = lookup(() -> objects.secret(namespace, ref.name()))
                        .orElseThrow(() -> TokenRequestException.notFound("secrets", ref.name()));
                uid = uid(secret);
            } else {
                throw TokenRequestException.badRequest("cannot bind token to object of type " + ref.gvkString());
            }
            if (!ref.uid().isEmpty() && !ref.uid().equals(uid)) {
                String resource = ref.group().isEmpty() ? ref.kind() : ref.kind() + "." + ref.group();
                throw new TokenRequestException(409, "Conflict", "Operation cannot be fulfilled on " + resource + " \""
                        + ref.name() + "\": the UID in the bound object reference (" + ref.uid()
                        + ") does not match the UID in record. The object might have been deleted and then recreated");
            }
        }

        List<String> warnings = new ArrayList<>();
        long granted = requested;
        if (maxExpirationSeconds > 0 && granted > maxExpirationSeconds) {
            warnings.add("requested expiration of " + granted + " seconds shortened to " + maxExpirationSeconds + " seconds");
            granted = maxExpirationSeconds;
        }
        long exp = granted;
        Long warnAfter = null;
        if (extendExpiration && pod != null && granted == WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS
                && apiAudienceSet.containsAll(audiences)) {
            warnAfter = now.getEpochSecond() + granted;
            exp = EXPIRATION_EXTENSION_SECONDS;
        }

        String ns = sa.getMetadata().getNamespace() == null ? namespace : sa.getMetadata().getNamespace();
        String jti = jtiSource.get();
        long iat = now.getEpochSecond();
        TokenClaims claims = new TokenClaims(issuer, "system:serviceaccount:" + ns + ":" + sa.getMetadata().getName(),
                audiences, iat, iat, iat + exp, jti, ns,
                new ObjectRef(sa.getMetadata().getName(), uid(sa)),
                pod == null ? null : new ObjectRef(pod.getMetadata().getName(), uid(pod)),
                secret == null ? null : new ObjectRef(secret.getMetadata().getName(), uid(secret)),
                node == null ? null : new ObjectRef(node.getMetadata().getName(), uid(node)),
                warnAfter);
        String token;
        try {
            token = sign(claims);
        } catch (JOSEException e) {
            throw TokenRequestException.internal("failed to generate token: " + e.getMessage());
        }
        TokenRequestSpec grantedSpec = new TokenRequestSpec(audiences, granted, ref);
        return new IssuedToken(token, now.plusSeconds(granted), grantedSpec, claims, warnings,
                Map.of(ISSUED_CREDENTIAL_ID_ANNOTATION, "JTI=" + jti));
    }

    /** Signs claims exactly as given (header {"alg","kid"}, payload in kube-apiserver's layout). */
    public String sign(TokenClaims claims) throws JOSEException {
        // go-jose's encoder, not Jackson's: an audience with & or < must come out as kube-apiserver's bytes.
        String payload = B64.encodeToString(GoJson.write(claims.toJson()));
        String signingInput = encodedHeader + "." + payload;
        String signature = signer.sign(header, signingInput.getBytes(StandardCharsets.US_ASCII)).toString();
        return signingInput + "." + signature;
    }

    private static String uid(HasMetadata object) {
        String uid = object.getMetadata().getUid();
        return uid == null ? "" : uid;
    }

    private static Node namedNode(String name) {
        Node node = new Node();
        node.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
        return node;
    }

    private interface Lookup<T> {
        Optional<T> get() throws TokenObjects.LookupException;
    }

    private static <T> Optional<T> lookup(Lookup<T> lookup) throws TokenRequestException {
        try {
            return lookup.get();
        } catch (TokenObjects.LookupException e) {
            throw TokenRequestException.internal(e.getMessage());
        }
    }

    /** Configures a {@link TokenIssuer}. Not thread-safe; the built issuer is. */
    public static final class Builder {
        private final KeySet keys;
        private final String issuer;
        private List<String> apiAudiences;
        private TokenObjects objects = StaticTokenObjects.empty();
        private Clock clock = Clock.systemUTC();
        private long maxExpirationSeconds;
        private boolean extendExpiration = true;
        private Supplier<String> jtiSource = () -> UUID.randomUUID().toString();

        private Builder(KeySet keys, String issuer) {
            this.keys = Objects.requireNonNull(keys, "keys");
            if (issuer == null || issuer.isBlank()) {
                throw new IllegalArgumentException("The issuer may not be empty.");
            }
            this.issuer = issuer;
            this.apiAudiences = List.of(issuer);
        }

        /** The server's audiences (--api-audiences); default: the issuer, as kube-apiserver defaults them. */
        public Builder apiAudiences(List<String> audiences) {
            if (audiences.isEmpty()) {
                throw new IllegalArgumentException("The server needs at least one API audience.");
            }
            this.apiAudiences = List.copyOf(new ArrayList<>(new java.util.LinkedHashSet<>(audiences)));
            return this;
        }

        public Builder objects(TokenObjects objects) {
            this.objects = Objects.requireNonNull(objects, "objects");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * --service-account-max-token-expiration: longer requests are shortened with a warning. 0 (the default)
         * means no maximum; otherwise it must be between 3600 and 2^32 seconds.
         */
        public Builder maxExpirationSeconds(long seconds) {
            if (seconds != 0 && (seconds < 3600 || seconds > MAX_EXPIRATION_SECONDS)) {
                throw new IllegalArgumentException("The maximum token expiration must be between 3600 and 2^32 seconds, or 0 for none.");
            }
            this.maxExpirationSeconds = seconds;
            return this;
        }

        /** --service-account-extend-token-expiration (default true). */
        public Builder extendExpiration(boolean extend) {
            this.extendExpiration = extend;
            return this;
        }

        /** Where {@code jti} values come from; default random UUIDs. For tests. */
        public Builder jtiSource(Supplier<String> source) {
            this.jtiSource = Objects.requireNonNull(source, "source");
            return this;
        }

        public TokenIssuer build() throws KeyException {
            return new TokenIssuer(this);
        }
    }
}
