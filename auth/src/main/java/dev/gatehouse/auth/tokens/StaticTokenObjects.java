package dev.gatehouse.auth.tokens;

import dev.gatehouse.policy.document.Manifest;
import dev.gatehouse.policy.document.ManifestReader;
import dev.gatehouse.policy.document.ManifestSet;
import java.io.InputStream;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link TokenObjects} from a fixed set of objects: built in code, or loaded from a directory of manifests
 * (*.yaml, *.yml, *.json; multi-document YAML and v1 List objects allowed; other kinds ignored). Used by
 * {@code gatehouse token issue|inspect --state DIR} and by tests. Immutable and thread-safe.
 *
 * <pre>{@code
 * TokenObjects objects = StaticTokenObjects.load(Path.of("cluster-state"));
 * }</pre>
 */
public final class StaticTokenObjects implements TokenObjects {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, ServiceAccount> serviceAccounts;
    private final Map<String, Pod> pods;
    private final Map<String, Secret> secrets;
    private final Map<String, Node> nodes;

    private StaticTokenObjects(List<HasMetadata> objects) {
        Map<String, ServiceAccount> sa = new HashMap<>();
        Map<String, Pod> po = new HashMap<>();
        Map<String, Secret> se = new HashMap<>();
        Map<String, Node> no = new HashMap<>();
        for (HasMetadata object : objects) {
            String ns = object.getMetadata().getNamespace() == null ? "default" : object.getMetadata().getNamespace();
            String name = object.getMetadata().getName();
            switch (object) {
                case ServiceAccount s -> sa.put(ns + "/" + name, s);
                case Pod p -> po.put(ns + "/" + name, p);
                case Secret s -> se.put(ns + "/" + name, s);
                case Node n -> no.put(name, n);
                default -> { }
            }
        }
        this.serviceAccounts = Map.copyOf(sa);
        this.pods = Map.copyOf(po);
        this.secrets = Map.copyOf(se);
        this.nodes = Map.copyOf(no);
    }

    /** State made of these objects (ServiceAccount, Pod, Secret, Node; others ignored). */
    public static StaticTokenObjects of(List<? extends HasMetadata> objects) {
        for (HasMetadata object : objects) {
            if (object.getMetadata() == null || object.getMetadata().getName() == null) {
                throw new IllegalArgumentException("Every object must have metadata.name: " + object.getKind());
            }
        }
        return new StaticTokenObjects(List.copyOf(objects));
    }

    /** No objects at all: every lookup answers "not found". */
    public static StaticTokenObjects empty() {
        return new StaticTokenObjects(List.of());
    }

    /**
     * Loads every manifest under a directory (recursively) or one manifest file, with the reader
     * {@code gatehouse check} and {@code serve --state} use; the first bad document fails the load, naming file and
     * line.
     */
    public static StaticTokenObjects load(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new IOException(path + ": no such file or directory");
        }
        ManifestSet set = ManifestReader.read(List.of(path.toString()), InputStream.nullInputStream());
        if (!set.errors().isEmpty()) {
            throw new IOException(set.errors().getFirst().toString());
        }
        List<HasMetadata> objects = new ArrayList<>();
        for (Manifest manifest : set.manifests()) {
            if (!"v1".equals(manifest.apiVersion())) {
                continue;
            }
            Class<? extends HasMetadata> type = switch (manifest.kind()) {
                case "ServiceAccount" -> ServiceAccount.class;
                case "Pod" -> Pod.class;
                case "Secret" -> Secret.class;
                case "Node" -> Node.class;
                default -> null;
            };
            if (type == null) {
                continue;
            }
            HasMetadata object;
            try {
                object = ManifestReader.decode(manifest, type, JSON);
            } catch (ManifestReader.ManifestDecodeException e) {
                throw new IOException(e.error().toString(), e);
            }
            if (object.getMetadata() == null || object.getMetadata().getName() == null) {
                throw new IOException(manifest.location() + ": " + manifest.kind() + " without metadata.name");
            }
            objects.add(object);
        }
        return new StaticTokenObjects(objects);
    }

    @Override
    public Optional<ServiceAccount> serviceAccount(String namespace, String name) {
        return Optional.ofNullable(serviceAccounts.get(namespace + "/" + name));
    }

    @Override
    public Optional<Pod> pod(String namespace, String name) {
        return Optional.ofNullable(pods.get(namespace + "/" + name));
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
        return Optional.ofNullable(secrets.get(namespace + "/" + name));
    }

    @Override
    public Optional<Node> node(String name) {
        return Optional.ofNullable(nodes.get(name));
    }
}
