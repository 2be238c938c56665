package dev.gatehouse.auth.tokens;

import dev.gatehouse.policy.text.GoQuote;
import dev.gatehouse.auth.tokens.VerificationResult.Authenticated;
import dev.gatehouse.auth.tokens.VerificationResult.Rejected;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers TokenReview webhook calls (authentication.k8s.io v1 and v1beta1; the shapes are the same) without a
 * transport: body in, status and JSON out. A request {@code spec{token, audiences}} gets
 * {@code status{authenticated, user{username, uid, groups, extra}, audiences}} for a valid token,
 * {@code status{authenticated:false, error}} for a rejected one, and {@code status{authenticated:false}} with no
 * error for a token that is not ours. A body that is not a TokenReview gets 400 and a metav1.Status saying why.
 * The response never echoes the token.
 *
 * <pre>{@code
 * TokenReviewResponder reviews = new TokenReviewResponder(verifier);
 * JsonResponse response = reviews.respond(requestBody);   // write response.status() and response.body()
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class TokenReviewResponder {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A TokenReview is a token plus a few audiences; anything far bigger is not one. */
    static final int MAX_BODY_BYTES = 256 * 1024;

    private final TokenVerifier verifier;
    private final Consumer<VerificationResult> observer;

    public TokenReviewResponder(TokenVerifier verifier) {
        this(verifier, result -> { });
    }

    /**
     * A responder that also hands every verification outcome to {@code observer} (metrics): once per well-formed
     * review, on the calling thread, before the response is built. Bad requests are not verified, so not observed.
     */
    public TokenReviewResponder(TokenVerifier verifier, Consumer<VerificationResult> observer) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    public JsonResponse respond(byte[] body) {
        if (body == null || body.length == 0) {
            return bad("request body is empty; expected a TokenReview (authentication.k8s.io/v1 or v1beta1)");
        }
        if (body.length > MAX_BODY_BYTES) {
            return KubeStatus.failure(413, "RequestEntityTooLarge", "TokenReview body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode request;
        try {
            request = StrictJson.parseObject(body);
        } catch (StrictJson.JsonProblem e) {
            return bad("request body is not a valid TokenReview: " + e.getMessage());
        }
        String apiVersion = request.path("apiVersion").asString("");
        if (!apiVersion.equals("authentication.k8s.io/v1") && !apiVersion.equals("authentication.k8s.io/v1beta1")) {
            return bad("unsupported apiVersion " + GoQuote.quote(apiVersion)
                    + "; expected authentication.k8s.io/v1 or authentication.k8s.io/v1beta1");
        }
        String kind = request.path("kind").asString("");
        if (!kind.equals("TokenReview")) {
            return bad("unsupported kind " + GoQuote.quote(kind) + "; expected TokenReview");
        }
        JsonNode spec = request.get("spec");
        if (spec == null || !spec.isObject()) {
            return bad("TokenReview has no spec");
        }
        JsonNode tokenNode = spec.get("token");
        if (tokenNode == null || !tokenNode.isString() || tokenNode.asString().isEmpty()) {
            return bad("spec.token: Required value: token must not be empty");
        }
        List<String> audiences = new ArrayList<>();
        JsonNode audNode = spec.get("audiences");
        if (audNode != null && !audNode.isNull()) {
            if (!audNode.isArray()) {
                return bad("spec.audiences must be an array of strings");
            }
            for (JsonNode a : audNode) {
                if (!a.isString()) {
                    return bad("spec.audiences must be an array of strings");
                }
                audiences.add(a.asString());
            }
        }

        VerificationResult result = verifier.verify(tokenNode.asString(), audiences.isEmpty() ? null : audiences);
        observer.accept(result);
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode response = f.objectNode();
        response.put("apiVersion", apiVersion);
        response.put("kind", "TokenReview");
        ObjectNode metadata = response.putObject("metadata");
        metadata.putNull("creationTimestamp");
        ObjectNode status = response.putObject("status");
        Map<String, String> annotations = Map.of();
        switch (result) {
            case Authenticated a -> {
                status.put("authenticated", true);
                ObjectNode user = status.putObject("user");
                user.put("username", a.identity().username());
                user.put("uid", a.identity().uid());
                ArrayNode groups = user.putArray("groups");
                a.identity().groups().forEach(groups::add);
                if (!a.identity().extra().isEmpty()) {
                    ObjectNode extra = user.putObject("extra");
                    a.identity().extra().forEach((k, v) -> {
                        ArrayNode values = extra.putArray(k);
                        v.forEach(values::add);
                    });
                }
                ArrayNode auds = status.putArray("audiences");
                a.audiences().forEach(auds::add);
                annotations = a.auditAnnotations();
            }
            case Rejected r -> {
                status.put("authenticated", false);
                status.put("error", r.message());
            }
            case VerificationResult.NotMine n -> status.put("authenticated", false);
        }
        return new JsonResponse(200, "application/json", Map.of(), JSON.writeValueAsBytes(response), annotations);
    }

    private static JsonResponse bad(String message) {
        return KubeStatus.failure(400, "BadRequest", message);
    }
}
