package dev.gatehouse.policy.cluster;

import dev.gatehouse.policy.review.ClusterState;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A fixed snapshot of a cluster's namespaces and pods, read from manifest files: what the CLI and tests use where
 * a real cluster would be watched. Files ending in {@code .yaml}, {@code .yml} or {@code .json} are read from a
 * directory tree in path order; a file may hold several YAML documents, and a document may be a {@code List}
 * ({@code kind: List}, or any {@code *List} kind with {@code items}). Namespaces and Pods are kept; other kinds are
 * skipped. A pod without a namespace is in {@code default}, as kubectl puts it.
 *
 * <pre>{@code
 * StaticClusterState state = StaticClusterState.load(Path.of("cluster/"));
 * StaticClusterState more = state.withNamespace(namespace).withPod(pod);
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@code with*} return new snapshots. The objects handed out are shared and must not
 * be modified.
 */
public final class StaticClusterState implements ClusterState {

    /** A state with no namespaces and no pods. */
    public static final StaticClusterState EMPTY = new StaticClusterState(Map.of(), Map.of());

    // Documents are read one at a time from a shared parser: what follows one document is the next, not an error.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Map<String, Namespace> namespaces;
    private final Map<String, List<Pod>> pods;

    private StaticClusterState(Map<String, Namespace> namespaces, Map<String, List<Pod>> pods) {
        this.namespaces = Map.copyOf(namespaces);
        Map<String, List<Pod>> copy = new HashMap<>();
        pods.forEach((namespace, list) -> copy.put(namespace, List.copyOf(list)));
        this.pods = Map.copyOf(copy);
    }

    /**
     * A snapshot holding exactly these objects.
     *
     * @throws IllegalArgumentException for an object without a name, or a namespace or pod given twice
     */
    public static StaticClusterState of(List<Namespace> namespaces, List<Pod> pods) {
        Builder builder = new Builder();
        try {
            for (Namespace namespace : namespaces) {
                builder.addNamespace(namespace, "namespaces[" + nameOf(namespace.getMetadata()) + "]");
            }
            for (Pod pod : pods) {
                builder.addPod(pod, "pods[" + nameOf(pod.getMetadata()) + "]");
            }
        } catch (ManifestException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return builder.build();
    }

    /**
     * Reads every manifest under {@code path} (a directory, read recursively, or a single file).
     *
     * @throws ManifestException naming the file and document of the first bad manifest
     */
    public static StaticClusterState load(Path path) throws ManifestException {
        List<Path> files;
        if (Files.isDirectory(path)) {
            try (Stream<Path> walk = Files.walk(path)) {
                files = walk.filter(Files::isRegularFile).filter(StaticClusterState::isManifest)
                        .sorted(Comparator.comparing(Path::toString)).toList();
            } catch (IOException | RuntimeException e) {
                throw new ManifestException(path.toString(), "cannot list directory: " + e.getMessage(), e);
            }
        } else if (Files.isRegularFile(path)) {
            files = List.of(path);
        } else {
            throw new ManifestException(path.toString(), "no such file or directory");
        }
        Builder builder = new Builder();
        for (Path file : files) {
            String content;
            try {
                content = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new ManifestException(file.toString(), "cannot read file: " + e.getMessage(), e);
            }
            builder.addDocuments(file.toString(), content);
        }
        return builder.build();
    }

    /**
     * Reads manifests from text (YAML, possibly several documents, or JSON).
     *
     * @param source the name used in error messages
     */
    public static StaticClusterState parse(String content, String source) throws ManifestException {
        Builder builder = new Builder();
        builder.addDocuments(source, content);
        return builder.build();
    }

    /** This snapshot plus (or with a replaced) namespace. */
    public StaticClusterState withNamespace(Namespace namespace) {
        String name = nameOf(namespace.getMetadata());
        if (name.isEmpty()) {
            throw new IllegalArgumentException("A namespace must have a name");
        }
        Map<String, Namespace> copy = new HashMap<>(namespaces);
        copy.put(name, namespace);
        return new StaticClusterState(copy, pods);
    }

    /** This snapshot plus a pod (replacing one of the same namespace and name). */
    public StaticClusterState withPod(Pod pod) {
        String namespace = namespaceOf(pod.getMetadata());
        String name = nameOf(pod.getMetadata());
        Map<String, List<Pod>> copy = new HashMap<>(pods);
        List<Pod> list = new ArrayList<>(copy.getOrDefault(namespace, List.of()));
        list.removeIf(p -> !name.isEmpty() && name.equals(nameOf(p.getMetadata())));
        list.add(pod);
        copy.put(namespace, list);
        return new StaticClusterState(namespaces, copy);
    }

    @Override
    public Optional<Namespace> namespace(String name) {
        return Optional.ofNullable(namespaces.get(name));
    }

    @Override
    public List<Pod> pods(String namespace) {
        return pods.getOrDefault(namespace, List.of());
    }

    /** Every namespace, by name. */
    public Map<String, Namespace> namespaces() {
        return namespaces;
    }

    private static boolean isManifest(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }

    private static String nameOf(ObjectMeta metadata) {
        return metadata == null || metadata.getName() == null ? "" : metadata.getName();
    }

    private static String namespaceOf(ObjectMeta metadata) {
        return metadata == null || metadata.getNamespace() == null || metadata.getNamespace().isEmpty()
                ? "default" : metadata.getNamespace();
    }

    /** Collects objects, rejecting duplicates with both places named. */
    private static final class Builder {
        private final Map<String, Namespace> namespaces = new HashMap<>();
        private final Map<String, String> namespaceOrigins = new HashMap<>();
        private final Map<String, List<Pod>> pods = new HashMap<>();
        private final Map<String, String> podOrigins = new HashMap<>();

        void addDocuments(String file, String content) throws ManifestException {
            boolean json = file.toLowerCase(Locale.ROOT).endsWith(".json") || content.stripLeading().startsWith("{");
            ObjectMapper mapper = json ? JSON : YAML;
            int document = 0;
            try (JsonParser parser = mapper.createParser(content)) {
                JsonToken token;
                while ((token = parser.nextToken()) != null) {
                    document++;
                    int line = line(parser.currentTokenLocation());
                    String where = "document " + document + (line > 0 ? " (line " + line + ")" : "");
                    JsonNode node = mapper.readTree(parser);
                    if (token == JsonToken.VALUE_NULL || node == null || node.isNull() || node.isMissingNode()) {
                        continue; // an empty YAML document, e.g. after a trailing ---
                    }
                    addObject(file, where, node, false);
                }
            } catch (JacksonException e) {
                TokenStreamLocation location = e.getLocation();
                int line = line(location);
                throw new ManifestException(file, "document " + Math.max(document, 1)
                        + (line > 0 ? " (line " + line + ")" : "") + ": malformed content: " + e.getOriginalMessage(), e);
            }
        }

        private void addObject(String file, String where, JsonNode node, boolean inList) throws ManifestException {
            if (!node.isObject()) {
                throw new ManifestException(file, where + ": expected an object, got " + describe(node));
            }
            JsonNode kindNode = node.get("kind");
            if (kindNode == null || !kindNode.isString() || kindNode.asString().isEmpty()) {
                throw new ManifestException(file, where + ": object has no kind");
            }
            String kind = kindNode.asString();
            JsonNode items = node.get("items");
            if (!inList && kind.endsWith("List") && items != null) {
                if (!items.isArray() && !items.isNull()) {
                    throw new ManifestException(file, where + ": " + kind + " items must be a list");
                }
                int index = 0;
                for (JsonNode item : items) {
                    addObject(file, where + " item " + index, item, true);
                    index++;
                }
                return;
            }
            switch (kind) {
                case "Namespace" -> addNamespace(decode(file, where, node, Namespace.class), file + ": " + where);
                case "Pod" -> addPod(decode(file, where, node, Pod.class), file + ": " + where);
                default -> {
                    // Other kinds are irrelevant to the state we answer for.
                }
            }
        }

        private <T> T decode(String file, String where, JsonNode node, Class<T> type) throws ManifestException {
            String kind = node.get("kind").asString();
            JsonNode metadata = node.get("metadata");
            JsonNode name = metadata == null ? null : metadata.get("name");
            String label = kind + (name != null && name.isString() ? " \"" + name.asString() + "\"" : "");
            try {
                return JSON.treeToValue(node, type);
            } catch (JacksonException e) {
                String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
                int newline = message.indexOf('\n');
                if (newline >= 0) {
                    message = message.substring(0, newline);
                }
                String path = e.getPathReference() == null ? "" : pathOf(e);
                throw new ManifestException(file, where + ": " + label + ": " + (path.isEmpty() ? "" : path + ": ") + message, e);
            } catch (RuntimeException e) {
                throw new ManifestException(file, where + ": " + label + ": " + e, e);
            }
        }

        void addNamespace(Namespace namespace, String origin) throws ManifestException {
            String name = nameOf(namespace.getMetadata());
            if (name.isEmpty()) {
                throw new ManifestException(origin, "Namespace has no metadata.name");
            }
            String previous = namespaceOrigins.putIfAbsent(name, origin);
            if (previous != null) {
                throw new ManifestException(origin, "Namespace \"" + name + "\" is already defined at " + previous);
            }
            namespaces.put(name, namespace);
        }

        void addPod(Pod pod, String origin) throws ManifestException {
            String name = nameOf(pod.getMetadata());
            if (name.isEmpty()) {
                throw new ManifestException(origin, "Pod has no metadata.name");
            }
            String namespace = namespaceOf(pod.getMetadata());
            String key = namespace + "/" + name;
            String previous = podOrigins.putIfAbsent(key, origin);
            if (previous != null) {
                throw new ManifestException(origin, "Pod \"" + key + "\" is already defined at " + previous);
            }
            pods.computeIfAbsent(namespace, n -> new ArrayList<>()).add(pod);
        }

        StaticClusterState build() {
            return new StaticClusterState(namespaces, pods);
        }

        private static int line(TokenStreamLocation location) {
            return location == null ? 0 : Math.max(location.getLineNr(), 0);
        }

        private static String describe(JsonNode node) {
            return node.getNodeType().name().toLowerCase(Locale.ROOT);
        }

        private static String pathOf(JacksonException e) {
            StringBuilder out = new StringBuilder();
            for (JacksonException.Reference reference : e.getPath()) {
                if (reference.getPropertyName() != null) {
                    if (!out.isEmpty()) {
                        out.append('.');
                    }
                    out.append(reference.getPropertyName());
                } else if (reference.getIndex() >= 0) {
                    out.append('[').append(reference.getIndex()).append(']');
                }
            }
            return out.toString();
        }
    }
}
