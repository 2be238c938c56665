package dev.gatehouse.policy.vap;

import dev.gatehouse.policy.constraint.match.LabelSelector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The objects bindings can name as parameters, indexed by {@code apiVersion} and {@code kind}: the manifests loaded
 * next to the policies, and the inventory (every object of a gator run, or the objects a cluster syncs).
 *
 * <p>Scope: whether a parameter kind is namespaced decides where {@code paramRef} looks. Offline there is no
 * discovery, so built-in cluster-scoped kinds are known by name, and any other kind is cluster-scoped when objects
 * of it are loaded and none names a namespace; otherwise it is namespaced (as ConfigMaps and most CRDs are).
 *
 * <p>Immutable and thread-safe.
 */
public final class ParamObjects {
    /** No parameter objects. */
    public static final ParamObjects EMPTY = new ParamObjects(List.of());

    private static final Set<String> CLUSTER_SCOPED = Set.of(
            "v1/Namespace", "v1/Node", "v1/PersistentVolume",
            "rbac.authorization.k8s.io/ClusterRole", "rbac.authorization.k8s.io/ClusterRoleBinding",
            "storage.k8s.io/StorageClass", "storage.k8s.io/CSIDriver", "scheduling.k8s.io/PriorityClass",
            "node.k8s.io/RuntimeClass", "networking.k8s.io/IngressClass",
            "apiextensions.k8s.io/CustomResourceDefinition", "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
            "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding");

    private final Map<String, List<JsonNode>> byKind;

    private ParamObjects(Collection<JsonNode> objects) {
        Map<String, List<JsonNode>> index = new HashMap<>();
        for (JsonNode o : objects) {
            if (o == null || !o.isObject()) {
                continue;
            }
            String apiVersion = o.path("apiVersion").asString("");
            String kind = o.path("kind").asString("");
            if (apiVersion.isEmpty() || kind.isEmpty() || o.path("metadata").path("name").asString("").isEmpty()) {
                continue;
            }
            index.computeIfAbsent(apiVersion + "\n" + kind, k -> new ArrayList<>()).add(o);
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        this.byKind = Map.copyOf(index);
    }

    /** The objects, in order (a later object with the same kind, namespace and name hides an earlier one). */
    public static ParamObjects of(Collection<JsonNode> objects) {
        return objects.isEmpty() ? EMPTY : new ParamObjects(objects);
    }

    /**
     * The objects of a {@code data.inventory} document ({@code cluster[gv][kind][name]},
     * {@code namespace[ns][gv][kind][name]}) plus {@code extra}.
     */
    public static ParamObjects of(Collection<JsonNode> extra, JsonNode inventory) {
        List<JsonNode> all = new ArrayList<>(extra);
        if (inventory != null) {
            collect(inventory.path("cluster"), 3, all);
            for (JsonNode namespace : inventory.path("namespace")) {
                collect(namespace, 3, all);
            }
        }
        return of(all);
    }

    private static void collect(JsonNode node, int depth, List<JsonNode> out) {
        if (!node.isObject()) {
            return;
        }
        for (JsonNode child : node) {
            if (depth == 1) {
                out.add(child);
            } else {
                collect(child, depth - 1, out);
            }
        }
    }

    /** Whether objects of the kind live in namespaces (see the class comment). */
    boolean namespaced(ParamKind kind) {
        if (CLUSTER_SCOPED.contains(kind.apiVersion() + "/" + kind.kind())
                || CLUSTER_SCOPED.contains(kind.group() + "/" + kind.kind())) {
            return false;
        }
        List<JsonNode> objects = byKind.getOrDefault(kind.apiVersion() + "\n" + kind.kind(), List.of());
        if (objects.isEmpty()) {
            return true;
        }
        return objects.stream().anyMatch(o -> !o.path("metadata").path("namespace").asString("").isEmpty());
    }

    /** The objects of the kind in the namespace (empty string for cluster-scoped kinds), in load order. */
    List<JsonNode> list(ParamKind kind, String namespace) {
        List<JsonNode> out = new ArrayList<>();
        Map<String, Integer> positions = new HashMap<>();
        for (JsonNode o : byKind.getOrDefault(kind.apiVersion() + "\n" + kind.kind(), List.of())) {
            if (!o.path("metadata").path("namespace").asString("").equals(namespace)) {
                continue;
            }
            String name = o.path("metadata").path("name").asString("");
            Integer at = positions.get(name);
            if (at != null) {
                out.set(at, o);
            } else {
                positions.put(name, out.size());
                out.add(o);
            }
        }
        return out;
    }

    /** The object with this name in the namespace, or null. */
    JsonNode get(ParamKind kind, String namespace, String name) {
        JsonNode found = null;
        for (JsonNode o : byKind.getOrDefault(kind.apiVersion() + "\n" + kind.kind(), List.of())) {
            if (o.path("metadata").path("namespace").asString("").equals(namespace)
                    && o.path("metadata").path("name").asString("").equals(name)) {
                found = o;
            }
        }
        return found;
    }

    /**
     * The parameters a binding evaluates its policy with, as the API server collects them: a list holding null
     * when the policy has no paramKind or the binding no paramRef; else the named object or the objects the
     * selector matches, in {@code paramRef.namespace} or else the request's namespace for a namespaced kind. An
     * empty result with parameterNotFoundAction Allow means the binding does nothing.
     *
     * @throws ParamsUnavailable with upstream's message when the reference cannot be resolved or, with Deny,
     *     finds nothing
     */
    List<JsonNode> collect(Optional<ParamKind> paramKind, Optional<ParamRef> paramRef, String requestNamespace)
            throws ParamsUnavailable {
        if (paramKind.isEmpty() || paramRef.isEmpty()) {
            return Collections.singletonList(null);
        }
        ParamKind kind = paramKind.get();
        ParamRef ref = paramRef.get();
        String namespace = "";
        if (namespaced(kind)) {
            // For a Namespace object the request's namespace is its own name, and upstream looks there.
            namespace = !ref.namespace().isEmpty() ? ref.namespace() : requestNamespace;
            if (namespace.isEmpty()) {
                throw new ParamsUnavailable(
                        "cannot use namespaced paramRef in policy binding that matches cluster-scoped resources");
            }
        } else if (!ref.namespace().isEmpty()) {
            throw new ParamsUnavailable("paramRef.namespace must not be provided for a cluster-scoped `paramKind`");
        }
        List<JsonNode> found;
        if (!ref.name().isEmpty()) {
            JsonNode param = get(kind, namespace, ref.name());
            found = param == null ? List.of() : List.of(param);
        } else {
            found = new ArrayList<>();
            for (JsonNode candidate : list(kind, namespace)) {
                if (ref.selector().isEmpty() || ref.selector().get().matches(LabelSelector.labelsOf(candidate))) {
                    found.add(candidate);
                }
            }
        }
        if (found.isEmpty() && ref.parameterNotFoundAction() == ParameterNotFoundAction.DENY) {
            throw new ParamsUnavailable("no params found for policy binding with `Deny` parameterNotFoundAction");
        }
        return found;
    }

    /** A binding's parameters cannot be collected: a configuration error of the binding. */
    static final class ParamsUnavailable extends Exception {
        private static final long serialVersionUID = 1L;

        ParamsUnavailable(String message) {
            super(message);
        }
    }
}
