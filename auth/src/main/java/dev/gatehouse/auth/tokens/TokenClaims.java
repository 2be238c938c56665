package dev.gatehouse.auth.tokens;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The claims of a bound service account token, as kube-apiserver writes them: registered claims {@code iss, sub,
 * aud, iat, nbf, exp, jti} and the private {@code kubernetes.io} claim (namespace, serviceaccount, at most one of
 * pod/secret/node, the pod's node for pod-bound tokens, warnafter). Times are NumericDate seconds; a null time or
 * ref means the claim is absent.
 *
 * <p>{@link #toJson()} writes the layout kube-apiserver writes (go-jose sorts the merged claim map by key, nested
 * objects included), so a token we issue is byte-for-byte shaped like one of theirs. Immutable.
 */
public record TokenClaims(
        String issuer,
        String subject,
        List<String> audiences,
        Long issuedAt,
        Long notBefore,
        Long expiry,
        String jti,
        String namespace,
        ObjectRef serviceAccount,
        ObjectRef pod,
        ObjectRef secret,
        ObjectRef node,
        Long warnAfter) {

    /** The private claim's name. */
    public static final String KUBERNETES_CLAIM = "kubernetes.io";

    public TokenClaims {
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
        namespace = namespace == null ? "" : namespace;
        serviceAccount = serviceAccount == null ? new ObjectRef("", "") : serviceAccount;
    }

    /** The claims as a JSON object in kube-apiserver's key order. */
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        ArrayNode aud = root.putArray("aud");
        audiences.forEach(aud::add);
        putTime(root, "exp", expiry);
        putTime(root, "iat", issuedAt);
        putString(root, "iss", issuer);
        putString(root, "jti", jti);
        ObjectNode k8s = root.putObject(KUBERNETES_CLAIM);
        putString(k8s, "namespace", namespace);
        putRef(k8s, "node", node);
        putRef(k8s, "pod", pod);
        putRef(k8s, "secret", secret);
        putRef(k8s, "serviceaccount", serviceAccount);
        putTime(k8s, "warnafter", warnAfter);
        putTime(root, "nbf", notBefore);
        putString(root, "sub", subject);
        return root;
    }

    private static void putTime(ObjectNode node, String name, Long value) {
        if (value != null) {
            node.put(name, value.longValue());
        }
    }

    private static void putString(ObjectNode node, String name, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(name, value);
        }
    }

    private static void putRef(ObjectNode node, String name, ObjectRef ref) {
        if (ref != null) {
            ObjectNode object = node.putObject(name);
            putString(object, "name", ref.name());
            putString(object, "uid", ref.uid());
        }
    }

    /** A claim has the wrong JSON type; the message names the claim. */
    static final class ClaimException extends Exception {
        ClaimException(String message) {
            super(message, null, false, false);
        }
    }

    /** Reads claims from a parsed payload; types follow go-jose (aud is a string or an array of strings). */
    static TokenClaims fromJson(ObjectNode payload) throws ClaimException {
        JsonNode k8s = payload.get(KUBERNETES_CLAIM);
        String namespace = null;
        ObjectRef sa = null, pod = null, secret = null, node = null;
        Long warnAfter = null;
        if (k8s != null && !k8s.isNull()) {
            if (!k8s.isObject()) {
                throw new ClaimException("claim \"kubernetes.io\" must be an object");
            }
            namespace = string(k8s, "namespace", "kubernetes.io.namespace");
            sa = ref(k8s, "serviceaccount");
            pod = ref(k8s, "pod");
            secret = ref(k8s, "secret");
            node = ref(k8s, "node");
            warnAfter = time(k8s, "warnafter", "kubernetes.io.warnafter");
        }
        return new TokenClaims(
                string(payload, "iss", "iss"),
                string(payload, "sub", "sub"),
                audiences(payload.get("aud")),
                time(payload, "iat", "iat"),
                time(payload, "nbf", "nbf"),
                time(payload, "exp", "exp"),
                string(payload, "jti", "jti"),
                namespace, sa, pod, secret, node, warnAfter);
    }

    private static String string(JsonNode object, String name, String path) throws ClaimException {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new ClaimException("claim \"" + path + "\" must be a string");
        }
        return value.asString();
    }

    private static Long time(JsonNode object, String name, String path) throws ClaimException {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw new ClaimException("claim \"" + path + "\" must be a NumericDate (a number of seconds)");
        }
        if (value.isIntegralNumber()) {
            BigInteger big = value.bigIntegerValue();
            if (big.bitLength() > 62) {
                throw new ClaimException("claim \"" + path + "\" is out of range");
            }
            return big.longValue();
        }
        double seconds = value.doubleValue();
        if (!Double.isFinite(seconds) || Math.abs(seconds) > 4.0e18) {
            throw new ClaimException("claim \"" + path + "\" is out of range");
        }
        return (long) seconds; // go-jose truncates fractional NumericDates
    }

    private static ObjectRef ref(JsonNode k8s, String name) throws ClaimException {
        JsonNode value = k8s.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new ClaimException("claim \"kubernetes.io." + name + "\" must be an object");
        }
        return new ObjectRef(string(value, "name", "kubernetes.io." + name + ".name"),
                string(value, "uid", "kubernetes.io." + name + ".uid"));
    }

    private static List<String> audiences(JsonNode aud) throws ClaimException {
        if (aud == null || aud.isNull()) {
            return List.of();
        }
        if (aud.isString()) {
            return List.of(aud.asString());
        }
        if (!aud.isArray()) {
            throw new ClaimException("claim \"aud\" must be a string or an array of strings");
        }
        List<String> list = new ArrayList<>(aud.size());
        for (JsonNode element : aud) {
            if (!element.isString()) {
                throw new ClaimException("claim \"aud\" must be a string or an array of strings");
            }
            list.add(element.asString());
        }
        return list;
    }
}
