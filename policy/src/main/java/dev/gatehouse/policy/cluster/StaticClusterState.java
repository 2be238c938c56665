package dev.gatehouse.policy.cluster;

import dev.gatehouse.policy.document.Manifest;
import dev.gatehouse.policy.document.ManifestError;
import dev.gatehouse.policy.document.ManifestReader;
import dev.gatehouse.policy.document.ManifestSet;
import dev.gatehouse.policy.review.ClusterState;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fixed snapshot of a cluster's namespaces and pods, read from manifest files: what the CLI and tests use where
 * a real cluster would be watched. Files are read with {@link ManifestReader} (YAML and JSON, multi-document,
 * {@code List} kinds, directories in path order), the same reader {@code gatehouse check} uses. Namespaces and Pods are kept; other kinds are
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

    // Unknown fields are tolerated: state files are real cluster objects, often newer than our model.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
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
     * @throws ManifestException naming the file and line of the first bad manifest
     */
    public static StaticClusterState load(Path path) throws ManifestException {
        if (!Files.exists(path)) {
            throw new ManifestException(path.toString(), "no such file or directory");
        }
        return fromManifests(ManifestReader.read(List.of(path.toString()), InputStream.nullInputStream()));
    }

    /**
     * Reads manifests from text (YAML, possibly several documents, or JSON).
     *
     * @param source the name used in error messages
     */
    public static StaticClusterState parse(String content, String source) throws ManifestException {
        return fromManifests(ManifestReader.readString(source, content));
    }

    private static StaticClusterState fromManifests(ManifestSet set) throws ManifestException {
        if (!set.errors().isEmpty()) {
            throw exception(set.errors().getFirst());
        }
        Builder builder = new Builder();
        for (Manifest manifest : set.manifests()) {
            String origin = manifest.location();
            switch (manifest.kind()) {
                case "Namespace" -> builder.addNamespace(decode(manifest, Namespace.class), origin);
                case "Pod" -> builder.addPod(decode(manifest, Pod.class), origin);
                default -> {
                    // Other kinds are irrelevant to the state we answer for.
                }
            }
        }
        return builder.build();
    }

    private static <T> T decode(Manifest manifest, Class<T> type) throws ManifestException {
        try {
            return ManifestReader.decode(manifest, type, JSON);
        } catch (ManifestReader.ManifestDecodeException e) {
            throw exception(e.error());
        }
    }

    private static ManifestException exception(ManifestError error) {
        return new ManifestException(error.source(), (error.line() > 0 ? "line " + error.line() + ": " : "") + error.message());
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
    }
}
