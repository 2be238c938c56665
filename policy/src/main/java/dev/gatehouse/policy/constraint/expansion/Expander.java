package dev.gatehouse.policy.constraint.expansion;

import dev.gatehouse.policy.review.GroupVersionKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Expands workload objects into the objects they would create, following a set of {@link ExpansionTemplate}s
 * compiled once: the templates are indexed by the kinds they apply to, and templates that would expand each other in
 * a cycle are rejected up front (upstream keeps them out of expansion and reports "template forms expansion cycle").
 *
 * <p>Expansion is recursive, as upstream: a CronJob expands into a Job (template source {@code spec.jobTemplate}),
 * which expands into a Pod ({@code spec.template}); the result lists the deepest objects first. For each template
 * that applies, the generated object is a copy of the source field with {@code apiVersion} and {@code kind} of the
 * generated kind, {@code metadata.name} {@code <parent name>-<kind>} in lower case, the parent's namespace, and an
 * owner reference to the parent. Templates apply in name order.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * Expander expander = Expander.of(templates);
 * for (Resultant pod : expander.expand(deployment, new GroupVersionKind("apps", "v1", "Deployment"), "shop")) {
 *     engine.evaluate(pod.review(), point);
 * }
 * }</pre>
 */
public final class Expander {
    /** Upstream's safeguard against runaway recursion; cycles are rejected anyway, so it is never reached. */
    public static final int MAX_DEPTH = 30;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** An expander without templates: expands nothing. */
    public static final Expander NONE = of(List.of());

    /** A template that was not accepted, and why. */
    public record Rejection(ExpansionTemplate template, String message) {}

    private final List<ExpansionTemplate> templates;
    private final Map<GroupVersionKind, List<ExpansionTemplate>> byKind;
    private final List<Rejection> rejected;

    private Expander(List<ExpansionTemplate> templates, List<Rejection> rejected) {
        this.templates = List.copyOf(templates);
        this.rejected = List.copyOf(rejected);
        Map<GroupVersionKind, Set<ExpansionTemplate>> index = new HashMap<>();
        for (ExpansionTemplate t : this.templates) {
            for (ApplyTo a : t.applyTo()) {
                for (GroupVersionKind gvk : a.kindsMatched()) {
                    index.computeIfAbsent(gvk, k -> new TreeSet<>(Comparator.comparing(ExpansionTemplate::name)))
                            .add(t);
                }
            }
        }
        Map<GroupVersionKind, List<ExpansionTemplate>> lists = new HashMap<>();
        index.forEach((gvk, set) -> lists.put(gvk, List.copyOf(set)));
        this.byKind = Map.copyOf(lists);
    }

    /**
     * An expander for the templates. Templates with a name already taken, and every template of an expansion cycle,
     * are left out and listed in {@link #rejected()}.
     */
    public static Expander of(Collection<ExpansionTemplate> templates) {
        List<Rejection> rejected = new ArrayList<>();
        Map<String, ExpansionTemplate> byName = new LinkedHashMap<>();
        for (ExpansionTemplate t : templates) {
            if (byName.putIfAbsent(t.name(), t) != null) {
                rejected.add(new Rejection(t, "Duplicate value: another ExpansionTemplate is named " + t.name()));
            }
        }
        List<ExpansionTemplate> unique = new ArrayList<>(byName.values());
        Set<String> cyclic = new HashSet<>();
        for (List<ExpansionTemplate> cycle : cycles(unique)) {
            List<String> names = cycle.stream().map(ExpansionTemplate::name).sorted().toList();
            for (ExpansionTemplate t : cycle) {
                cyclic.add(t.name());
                rejected.add(new Rejection(t, "template forms expansion cycle with ExpansionTemplates "
                        + String.join(", ", names)));
            }
        }
        unique.removeIf(t -> cyclic.contains(t.name()));
        rejected.sort(Comparator.comparing(r -> r.template().name()));
        return new Expander(unique, rejected);
    }

    /** The templates in use. */
    public List<ExpansionTemplate> templates() {
        return templates;
    }

    /** The templates left out (duplicate names, cycles), with the reason. */
    public List<Rejection> rejected() {
        return rejected;
    }

    /** Whether no template is in use. */
    public boolean isEmpty() {
        return templates.isEmpty();
    }

    /** Whether some template expands objects of this kind. */
    public boolean expands(GroupVersionKind kind) {
        return byKind.containsKey(kind);
    }

    /**
     * The objects {@code object} would create, recursively; empty when no template applies to its kind.
     *
     * @param kind      the object's group, version and kind (at the webhook: the request's kind)
     * @param namespace the namespace the generated objects live in (the parent's; empty for none)
     * @throws ExpansionException when a template's source field is missing or not an object
     */
    public List<Resultant> expand(JsonNode object, GroupVersionKind kind, String namespace)
            throws ExpansionException {
        if (!byKind.containsKey(kind)) {
            return List.of();
        }
        List<Resultant> out = new ArrayList<>();
        expand(object, kind, namespace == null ? "" : namespace, out, 0);
        return out;
    }

    private void expand(JsonNode object, GroupVersionKind kind, String namespace, List<Resultant> out, int depth)
            throws ExpansionException {
        if (depth >= MAX_DEPTH) {
            throw new ExpansionException("maximum recursion depth of " + MAX_DEPTH + " reached");
        }
        List<ExpansionTemplate> applicable = byKind.get(kind);
        if (applicable == null) {
            return;
        }
        List<Resultant> level = new ArrayList<>(applicable.size());
        for (ExpansionTemplate t : applicable) {
            level.add(new Resultant(generate(object, kind, namespace, t), t.generatedKind(), t));
        }
        for (Resultant r : level) {
            expand(r.object(), r.kind(), namespace, out, depth + 1);
        }
        out.addAll(level);
    }

    private static ObjectNode generate(JsonNode parent, GroupVersionKind parentKind, String namespace,
            ExpansionTemplate t) throws ExpansionException {
        String parentName = parent.path("metadata").path("name").asString("");
        JsonNode source = parent;
        StringBuilder path = new StringBuilder();
        for (String field : t.sourcePath()) {
            path.append('.').append(field);
            JsonNode next = source.get(field);
            if (next == null || next.isNull()) {
                throw new ExpansionException("could not find source field \"" + t.templateSource()
                        + "\" in resource " + parentName);
            }
            if (!next.isObject()) {
                throw new ExpansionException("could not extract source field from unstructured: " + path
                        + " accessor error: found " + next.getNodeType().name().toLowerCase(Locale.ROOT)
                        + ", expected an object");
            }
            source = next;
        }
        GroupVersionKind gvk = t.generatedKind();
        ObjectNode child = NODES.objectNode();
        child.put("apiVersion", apiVersion(gvk));
        child.put("kind", gvk.kind());
        for (Map.Entry<String, JsonNode> e : source.properties()) {
            if (!e.getKey().equals("apiVersion") && !e.getKey().equals("kind")) {
                child.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        ObjectNode metadata = child.get("metadata") instanceof ObjectNode m ? m : child.putObject("metadata");
        metadata.put("name", (parentName + "-" + gvk.kind()).toLowerCase(Locale.ROOT));
        if (namespace.isEmpty()) {
            metadata.remove("namespace");
        } else {
            metadata.put("namespace", namespace);
        }
        ownerReference(metadata, apiVersion(parentKind), parentKind.kind(), parentName);
        return child;
    }

    /** Adds an owner reference to the parent unless one is there, as the parent's controller would. */
    private static void ownerReference(ObjectNode metadata, String apiVersion, String kind, String name) {
        if (apiVersion.isEmpty() || kind.isEmpty() || name.isEmpty()) {
            return;
        }
        ArrayNode refs = metadata.get("ownerReferences") instanceof ArrayNode a ? a
                : metadata.putArray("ownerReferences");
        for (JsonNode ref : refs) {
            if (ref.path("apiVersion").asString("").equals(apiVersion) && ref.path("kind").asString("").equals(kind)
                    && ref.path("name").asString("").equals(name)) {
                return;
            }
        }
        ObjectNode ref = refs.addObject();
        ref.put("apiVersion", apiVersion);
        ref.put("kind", kind);
        ref.put("name", name);
    }

    private static String apiVersion(GroupVersionKind gvk) {
        return gvk.group().isEmpty() ? gvk.version() : gvk.group() + "/" + gvk.version();
    }

    /** The strongly connected components of more than one template (Tarjan), where a → b when b expands a's output. */
    private static List<List<ExpansionTemplate>> cycles(List<ExpansionTemplate> templates) {
        int n = templates.size();
        List<List<Integer>> edges = new ArrayList<>(n);
        for (ExpansionTemplate from : templates) {
            List<Integer> to = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (templates.get(j).appliesTo(from.generatedKind())) {
                    to.add(j);
                }
            }
            edges.add(to);
        }
        int[] index = new int[n];
        int[] low = new int[n];
        boolean[] onStack = new boolean[n];
        java.util.Arrays.fill(index, -1);
        Deque<Integer> stack = new ArrayDeque<>();
        int[] counter = {0};
        List<List<ExpansionTemplate>> components = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            if (index[v] < 0) {
                connect(v, edges, index, low, onStack, stack, counter, templates, components);
            }
        }
        return components;
    }

    private static void connect(int v, List<List<Integer>> edges, int[] index, int[] low, boolean[] onStack,
            Deque<Integer> stack, int[] counter, List<ExpansionTemplate> templates,
            List<List<ExpansionTemplate>> components) {
        // Recursion depth is bounded by the number of templates, which is small.
        index[v] = counter[0];
        low[v] = counter[0];
        counter[0]++;
        stack.push(v);
        onStack[v] = true;
        for (int w : edges.get(v)) {
            if (index[w] < 0) {
                connect(w, edges, index, low, onStack, stack, counter, templates, components);
                low[v] = Math.min(low[v], low[w]);
            } else if (onStack[w]) {
                low[v] = Math.min(low[v], index[w]);
            }
        }
        if (low[v] == index[v]) {
            List<ExpansionTemplate> component = new ArrayList<>();
            int w;
            do {
                w = stack.pop();
                onStack[w] = false;
                component.add(templates.get(w));
            } while (w != v);
            if (component.size() > 1) {
                components.add(component);
            }
        }
    }
}
