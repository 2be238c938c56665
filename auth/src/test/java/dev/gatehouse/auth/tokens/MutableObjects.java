package dev.gatehouse.auth.tokens;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Cluster objects tests can delete and re-create; counts service account lookups. */
final class MutableObjects implements TokenObjects {
    final Map<String, HasMetadata> objects = new ConcurrentHashMap<>();
    final AtomicInteger serviceAccountLookups = new AtomicInteger();
    volatile Runnable onLookup = () -> {};

    static MutableObjects standard() {
        MutableObjects o = new MutableObjects();
        o.put(serviceAccount("default", "builder", "sa-uid-1"));
        o.put(pod("default", "web-0", "pod-uid-1", "builder", "node-a"));
        o.put(node("node-a", "node-uid-1"));
        o.put(secret("default", "builder-token", "secret-uid-1"));
        return o;
    }

    static ServiceAccount serviceAccount(String ns, String name, String uid) {
        return new ServiceAccountBuilder().withNewMetadata().withNamespace(ns).withName(name).withUid(uid).endMetadata().build();
    }

    static Pod pod(String ns, String name, String uid, String sa, String node) {
        return new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).withUid(uid).endMetadata()
                .withNewSpec().withServiceAccountName(sa).withNodeName(node).endSpec().build();
    }

    static Node node(String name, String uid) {
        return new NodeBuilder().withNewMetadata().withName(name).withUid(uid).endMetadata().build();
    }

    static Secret secret(String ns, String name, String uid) {
        return new SecretBuilder().withNewMetadata().withNamespace(ns).withName(name).withUid(uid).endMetadata().build();
    }

    void put(HasMetadata object) {
        objects.put(key(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName()), object);
    }

    void remove(String kind, String ns, String name) {
        objects.remove(key(kind, ns, name));
    }

    private static String key(String kind, String ns, String name) {
        return kind + "/" + (ns == null ? "" : ns) + "/" + name;
    }

    @SuppressWarnings("unchecked")
    private <T> Optional<T> get(String kind, String ns, String name) {
        return Optional.ofNullable((T) objects.get(key(kind, ns, name)));
    }

    @Override
    public Optional<ServiceAccount> serviceAccount(String namespace, String name) {
        serviceAccountLookups.incrementAndGet();
        onLookup.run();
        return get("ServiceAccount", namespace, name);
    }

    @Override
    public Optional<Pod> pod(String namespace, String name) {
        return get("Pod", namespace, name);
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
        return get("Secret", namespace, name);
    }

    @Override
    public Optional<Node> node(String name) {
        return get("Node", null, name);
    }
}
