package dev.gatehouse.server.admission;

import dev.gatehouse.policy.review.Decision;
import dev.gatehouse.policy.review.GroupVersionKind;
import dev.gatehouse.policy.review.GroupVersionResource;
import dev.gatehouse.policy.review.Operation;
import dev.gatehouse.policy.review.Review;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code admission.k8s.io/v1} and {@code v1beta1} AdmissionReview bodies into a {@link Review} and writes a
 * {@link Decision} back as an AdmissionReview response of the same API version.
 *
 * <p>The body is parsed once into a tree; {@code object} and {@code oldObject} are kept as the parsed subtrees, so
 * the engine reads them without another parse. Responses are written with the streaming generator: no
 * intermediate tree. Every malformed body yields an {@link AdmissionRequestException} whose message names the
 * broken rule, never a parser stack trace.
 *
 * <p>Thread-safe: one instance serves every request.
 *
 * <pre>{@code
 * DecodedReview in = codec.decode(body);          // throws AdmissionRequestException -> HTTP 400
 * byte[] out = codec.encode(in, engine.review(in.review()));
 * }</pre>
 */
public final class AdmissionReviewCodec {

    /** The API server sends at most 3 MiB (its etcd request limit); more is not an admission request. */
    public static final int DEFAULT_MAX_BODY_BYTES = 3 * 1024 * 1024;

    private static final String KIND = "AdmissionReview";

    private final ObjectMapper mapper;

    public AdmissionReviewCodec() {
        this(JsonMapper.builder().build());
    }

    AdmissionReviewCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Decodes one AdmissionReview body. */
    public DecodedReview decode(byte[] body) throws AdmissionRequestException {
        if (body.length == 0) {
            throw new AdmissionRequestException("request body is empty: expected an AdmissionReview JSON object");
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JacksonException e) {
            throw new AdmissionRequestException("request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new AdmissionRequestException("request body must be a JSON object (an AdmissionReview)");
        }
        String apiVersion = optionalString(root, "apiVersion", "apiVersion");
        AdmissionApiVersion version = AdmissionApiVersion.parse(apiVersion).orElseThrow(() -> new AdmissionRequestException(
                "unsupported apiVersion " + quote(apiVersion) + ": expected \"admission.k8s.io/v1\" or \"admission.k8s.io/v1beta1\""));
        String kind = optionalString(root, "kind", "kind");
        if (!KIND.equals(kind)) {
            throw new AdmissionRequestException("unsupported kind " + quote(kind) + ": expected \"AdmissionReview\"");
        }
        JsonNode request = root.get("request");
        if (request == null || request.isNull()) {
            throw new AdmissionRequestException("AdmissionReview has no request");
        }
        if (!request.isObject()) {
            throw new AdmissionRequestException("request must be an object");
        }
        String uid = optionalString(request, "uid", "request.uid");
        if (uid == null || uid.isEmpty()) {
            throw new AdmissionRequestException("request.uid is required");
        }
        Review review = new Review(
                uid,
                groupVersionKind(request),
                groupVersionResource(request),
                optionalString(request, "subResource", "request.subResource"),
                optionalString(request, "name", "request.name"),
                optionalString(request, "namespace", "request.namespace"),
                operation(request),
                userInfo(request),
                object(request, "object"),
                object(request, "oldObject"),
                optionalBoolean(request, "dryRun", "request.dryRun"));
        return new DecodedReview(version, review);
    }

    /** Encodes the engine's decision for a decoded request. */
    public byte[] encode(DecodedReview request, Decision decision) {
        Review review = request.review();
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = mapper.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("apiVersion", request.apiVersion().apiVersion());
            g.writeStringProperty("kind", KIND);
            g.writeName("response");
            g.writeStartObject();
            g.writeStringProperty("uid", review.uid());
            g.writeBooleanProperty("allowed", decision.allowed());
            if (!decision.allowed()) {
                writeStatus(g, review, decision);
            }
            if (!decision.warnings().isEmpty()) {
                g.writeName("warnings");
                g.writeStartArray();
                for (String warning : decision.warnings()) {
                    g.writeString(warning);
                }
                g.writeEndArray();
            }
            if (!decision.auditAnnotations().isEmpty()) {
                g.writeName("auditAnnotations");
                g.writeStartObject();
                for (Map.Entry<String, String> e : decision.auditAnnotations().entrySet()) {
                    g.writeStringProperty(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** The answer when the engine itself failed: denied with an InternalError status, as the API server words it. */
    public static Decision internalError(Throwable error) {
        String detail = error.getMessage() == null ? error.getClass().getName() : error.getMessage();
        return new Decision(false, 500, "InternalError", "Internal error occurred: " + detail,
                List.of(new Decision.Cause("", detail, "")), List.of(), Map.of());
    }

    // metav1.Status: the API server shows message to the user and uses code as the HTTP status of its own answer.
    private static void writeStatus(JsonGenerator g, Review review, Decision decision) {
        g.writeName("status");
        g.writeStartObject();
        g.writeName("metadata");
        g.writeStartObject();
        g.writeEndObject();
        g.writeStringProperty("status", "Failure");
        if (!decision.message().isEmpty()) {
            g.writeStringProperty("message", decision.message());
        }
        if (!decision.reason().isEmpty()) {
            g.writeStringProperty("reason", decision.reason());
        }
        if (!decision.causes().isEmpty()) {
            // Like apierrors.NewInvalid: the details name the object the causes refer to.
            g.writeName("details");
            g.writeStartObject();
            if (!review.name().isEmpty()) {
                g.writeStringProperty("name", review.name());
            }
            if (!review.kind().group().isEmpty()) {
                g.writeStringProperty("group", review.kind().group());
            }
            if (!review.kind().kind().isEmpty()) {
                g.writeStringProperty("kind", review.kind().kind());
            }
            g.writeName("causes");
            g.writeStartArray();
            for (Decision.Cause cause : decision.causes()) {
                g.writeStartObject();
                writeIfPresent(g, "reason", cause.type());
                writeIfPresent(g, "message", cause.message());
                writeIfPresent(g, "field", cause.field());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeNumberProperty("code", decision.code());
        g.writeEndObject();
    }

    private static void writeIfPresent(JsonGenerator g, String name, String value) {
        if (value != null && !value.isEmpty()) {
            g.writeStringProperty(name, value);
        }
    }

    private static GroupVersionKind groupVersionKind(JsonNode request) throws AdmissionRequestException {
        JsonNode kind = requiredObject(request, "kind", "request.kind");
        return new GroupVersionKind(
                optionalString(kind, "group", "request.kind.group"),
                optionalString(kind, "version", "request.kind.version"),
                optionalString(kind, "kind", "request.kind.kind"));
    }

    private static GroupVersionResource groupVersionResource(JsonNode request) throws AdmissionRequestException {
        JsonNode resource = requiredObject(request, "resource", "request.resource");
        return new GroupVersionResource(
                optionalString(resource, "group", "request.resource.group"),
                optionalString(resource, "version", "request.resource.version"),
                optionalString(resource, "resource", "request.resource.resource"));
    }

    private static Operation operation(JsonNode request) throws AdmissionRequestException {
        String operation = optionalString(request, "operation", "request.operation");
        if (operation == null) {
            throw new AdmissionRequestException("request.operation is required");
        }
        return switch (operation) {
            case "CREATE" -> Operation.CREATE;
            case "UPDATE" -> Operation.UPDATE;
            case "DELETE" -> Operation.DELETE;
            case "CONNECT" -> Operation.CONNECT;
            default -> throw new AdmissionRequestException(
                    "request.operation must be one of CREATE, UPDATE, DELETE, CONNECT, got " + quote(operation));
        };
    }

    private static Review.UserInfo userInfo(JsonNode request) throws AdmissionRequestException {
        JsonNode user = request.get("userInfo");
        if (user == null || user.isNull()) {
            return Review.UserInfo.ANONYMOUS;
        }
        if (!user.isObject()) {
            throw new AdmissionRequestException("request.userInfo must be an object");
        }
        Map<String, List<String>> extra = new LinkedHashMap<>();
        JsonNode extraNode = user.get("extra");
        if (extraNode != null && !extraNode.isNull()) {
            if (!extraNode.isObject()) {
                throw new AdmissionRequestException("request.userInfo.extra must be an object");
            }
            for (Map.Entry<String, JsonNode> e : extraNode.properties()) {
                extra.put(e.getKey(), stringList(e.getValue(), "request.userInfo.extra." + e.getKey()));
            }
        }
        return new Review.UserInfo(
                optionalString(user, "username", "request.userInfo.username"),
                optionalString(user, "uid", "request.userInfo.uid"),
                stringList(user.get("groups"), "request.userInfo.groups"),
                extra);
    }

    private static JsonNode object(JsonNode request, String field) throws AdmissionRequestException {
        JsonNode node = request.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new AdmissionRequestException("request." + field + " must be an object");
        }
        return node;
    }

    private static List<String> stringList(JsonNode node, String path) throws AdmissionRequestException {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new AdmissionRequestException(path + " must be an array of strings");
        }
        List<String> values = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            if (!item.isString()) {
                throw new AdmissionRequestException(path + " must be an array of strings");
            }
            values.add(item.stringValue());
        }
        return values;
    }

    private static JsonNode requiredObject(JsonNode parent, String field, String path) throws AdmissionRequestException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new AdmissionRequestException(path + " is required");
        }
        if (!node.isObject()) {
            throw new AdmissionRequestException(path + " must be an object");
        }
        return node;
    }

    private static String optionalString(JsonNode parent, String field, String path) throws AdmissionRequestException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw new AdmissionRequestException(path + " must be a string");
        }
        return node.stringValue();
    }

    private static boolean optionalBoolean(JsonNode parent, String field, String path) throws AdmissionRequestException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new AdmissionRequestException(path + " must be a boolean");
        }
        return node.booleanValue();
    }

    // Echo at most a short prefix of what the client sent: the message goes to logs and back over the wire.
    private static String quote(String value) {
        if (value == null) {
            return "(none)";
        }
        return value.length() <= 64 ? "\"" + value + "\"" : "\"" + value.substring(0, 64) + "\"...";
    }
}
