package dev.gatehouse.auth.tokens;

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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

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

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
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

    /** Loads every manifest under a directory (recursively) or one manifest file. */
    public static StaticTokenObjects load(Path path) throws IOException {
        List<Path> files;
        if (Files.isDirectory(path)) {
            try (Stream<Path> walk = Files.walk(path)) {
                files = walk.filter(Files::isRegularFile).filter(StaticTokenObjects::isManifest).sorted().toList();
            }
        } else if (Files.isRegularFile(path)) {
            files = List.of(path);
        } else {
            throw new IOException(path + ": no such file or directory");
        }
        List<HasMetadata> objects = new ArrayList<>();
        for (Path file : files) {
            readFile(file, objects);
        }
        return new StaticTokenObjects(objects);
    }

    private static boolean isManifest(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }

    private static void readFile(Path file, List<HasMetadata> out) throws IOException {
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        int document = 0;
        try (MappingIterator<JsonNode> docs = (json ? JSON : YAML).readerFor(JsonNode.class).readValues(file.toFile())) {
            while (docs.hasNext()) {
                document++;
                JsonNode node = docs.next();
                if (node == null || node.isNull() || node.isMissingNode()) {
                    continue;
                }
                addObject(node, file + " (document " + document + ")", out);
            }
        } catch (JacksonException e) {
            throw new IOException(file + (document > 0 ? " (document " + document + ")" : "") + ": " + e.getOriginalMessage(), e);
        }
    }

    private static void addObject(JsonNode node, String where, List<HasMetadata> out) throws IOException {
        if (!node.isObject()) {
            throw new IOException(where + ": not a Kubernetes object");
        }
        String kind = node.path("kind").asString("");
        String apiVersion = node.path("apiVersion").asString("");
        if (kind.endsWith("List") && node.path("items").isArray()) {
            for (JsonNode item : node.get("items")) {
                addObject(item, where, out);
            }
            return;
        }
        if (!"v1".equals(apiVersion)) {
            return;
        }
        Class<? extends HasMetadata> type = switch (kind) {
            case "ServiceAccount" -> ServiceAccount.class;
            case "Pod" -> Pod.class;
            case "Secret" -> Secret.class;
            case "Node" -> Node.class;
            default -> null;
        };
        if (type == null) {
            return;
        }
        HasMetadata object;
        try {
            object = JSON.treeToValue(node, type);
        } catch (JacksonException e) {
            throw new IOException(where + ": invalid " + kind + ": " + e.getOriginalMessage(), e);
        }
        if (object.getMetadata() == null || object.getMetadata().getName() == null) {
            throw new IOException(where + ": " + kind + " without metadata.name");
        }
        out.add(object);
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
