package dev.gatehouse.auth.tokens;

import dev.gatehouse.policy.text.GoQuote;
import dev.gatehouse.auth.tokens.TokenRequestAuthorization.Caller;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves {@code POST /api/v1/namespaces/{ns}/serviceaccounts/{name}/token} without a transport: the caller is
 * already authenticated; this checks the {@link TokenRequestAuthorization}, parses the TokenRequest, issues with
 * {@link TokenIssuer} and answers 201 with the TokenRequest (spec as granted, status token and
 * expirationTimestamp), warnings as {@code Warning: 299 - "..."} headers and the issued-credential-id audit
 * annotation. Failures are metav1.Status bodies with kube-apiserver's codes and messages.
 *
 * <pre>{@code
 * TokenRequestResponder tokens = new TokenRequestResponder(issuer, TokenRequestAuthorization.load(path));
 * JsonResponse response = tokens.respond(new Caller(user, groups), "ci", "builder", body);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class TokenRequestResponder {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final TokenIssuer issuer;
    private final TokenRequestAuthorization authorization;

    public TokenRequestResponder(TokenIssuer issuer, TokenRequestAuthorization authorization) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.authorization = Objects.requireNonNull(authorization, "authorization");
    }

    public JsonResponse respond(Caller caller, String namespace, String name, byte[] body) {
        if (!authorization.allows(caller, namespace, name)) {
            return KubeStatus.failure(403, "Forbidden", "serviceaccounts \"" + name + "\" is forbidden: User "
                    + GoQuote.quote(caller.username()) + " cannot create resource \"serviceaccounts/token\" in API group \"\" in the namespace "
                    + GoQuote.quote(namespace));
        }
        if (body == null || body.length == 0) {
            return bad("request body is empty; expected a TokenRequest (authentication.k8s.io/v1)");
        }
        if (body.length > MAX_BODY_BYTES) {
            return KubeStatus.failure(413, "RequestEntityTooLarge", "TokenRequest body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        ObjectNode request;
        try {
            request = StrictJson.parseObject(body);
        } catch (StrictJson.JsonProblem e) {
            return bad("request body is not a valid TokenRequest: " + e.getMessage());
        }
        String apiVersion = request.path("apiVersion").asString("authentication.k8s.io/v1");
        String kind = request.path("kind").asString("TokenRequest");
        if (!apiVersion.equals("authentication.k8s.io/v1") || !kind.equals("TokenRequest")) {
            return bad("expected kind TokenRequest of apiVersion authentication.k8s.io/v1, got " + kind + " of " + apiVersion);
        }
        JsonNode metadata = request.path("metadata");
        String bodyName = metadata.path("name").asString("");
        String bodyNamespace = metadata.path("namespace").asString("");
        if (!bodyName.isEmpty() && !bodyName.equals(name)) {
            return status(TokenRequestException.invalid(name, "metadata.name", GoQuote.quote(bodyName),
                    "must match the service account name if specified"));
        }
        if (!bodyNamespace.isEmpty() && !bodyNamespace.equals(namespace)) {
            return status(TokenRequestException.invalid(name, "metadata.namespace", GoQuote.quote(bodyNamespace),
                    "must match the service account namespace if specified"));
        }
        TokenRequestSpec spec;
        try {
            spec = spec(request.path("spec"));
        } catch (IllegalArgumentException e) {
            return bad(e.getMessage());
        }
        IssuedToken issued;
        try {
            issued = issuer.issue(namespace, name, spec);
        } catch (TokenRequestException e) {
            return status(e);
        }

        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode out = f.objectNode();
        out.put("kind", "TokenRequest");
        out.put("apiVersion", "authentication.k8s.io/v1");
        ObjectNode meta = out.putObject("metadata");
        meta.put("name", name);
        meta.put("namespace", namespace);
        meta.put("creationTimestamp", rfc3339(Instant.ofEpochSecond(issued.claims().issuedAt())));
        ObjectNode outSpec = out.putObject("spec");
        ArrayNode auds = outSpec.putArray("audiences");
        issued.grantedSpec().audiences().forEach(auds::add);
        outSpec.put("expirationSeconds", issued.grantedSpec().expirationSeconds().longValue());
        BoundObjectRef ref = issued.grantedSpec().boundObjectRef();
        if (ref != null) {
            ObjectNode r = outSpec.putObject("boundObjectRef");
            r.put("kind", ref.kind());
            if (!ref.apiVersion().isEmpty()) {
                r.put("apiVersion", ref.apiVersion());
            }
            r.put("name", ref.name());
            if (!ref.uid().isEmpty()) {
                r.put("uid", ref.uid());
            }
        }
        ObjectNode status = out.putObject("status");
        status.put("token", issued.token());
        status.put("expirationTimestamp", rfc3339(issued.expirationTimestamp()));
        List<String> warnings = new ArrayList<>();
        for (String warning : issued.warnings()) {
            warnings.add("299 - " + GoQuote.quote(warning));
        }
        return new JsonResponse(201, "application/json", warnings.isEmpty() ? Map.of() : Map.of("Warning", warnings),
                JSON.writeValueAsBytes(out), issued.auditAnnotations());
    }

    private static TokenRequestSpec spec(JsonNode spec) {
        if (spec.isMissingNode() || spec.isNull()) {
            return TokenRequestSpec.defaults();
        }
        if (!spec.isObject()) {
            throw new IllegalArgumentException("spec must be an object");
        }
        List<String> audiences = new ArrayList<>();
        JsonNode aud = spec.get("audiences");
        if (aud != null && !aud.isNull()) {
            if (!aud.isArray()) {
                throw new IllegalArgumentException("spec.audiences must be an array of strings");
            }
            for (JsonNode a : aud) {
                if (!a.isString()) {
                    throw new IllegalArgumentException("spec.audiences must be an array of strings");
                }
                audiences.add(a.asString());
            }
        }
        Long expiration = null;
        JsonNode exp = spec.get("expirationSeconds");
        if (exp != null && !exp.isNull()) {
            if (!exp.isIntegralNumber() || !exp.canConvertToLong()) {
                throw new IllegalArgumentException("spec.expirationSeconds must be an integer");
            }
            expiration = exp.longValue();
        }
        BoundObjectRef ref = null;
        JsonNode bound = spec.get("boundObjectRef");
        if (bound != null && !bound.isNull()) {
            if (!bound.isObject()) {
                throw new IllegalArgumentException("spec.boundObjectRef must be an object");
            }
            ref = new BoundObjectRef(text(bound, "kind"), text(bound, "apiVersion"), text(bound, "name"), text(bound, "uid"));
        }
        return new TokenRequestSpec(audiences, expiration, ref);
    }

    private static String text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isString()) {
            throw new IllegalArgumentException("spec.boundObjectRef." + field + " must be a string");
        }
        return value.asString();
    }

    private static String rfc3339(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private static JsonResponse status(TokenRequestException e) {
        return KubeStatus.failure(e.code(), e.reason(), e.getMessage());
    }

    private static JsonResponse bad(String message) {
        return KubeStatus.failure(400, "BadRequest", message);
    }
}
