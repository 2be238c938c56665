package dev.gatehouse.server.cluster;

import dev.gatehouse.policy.review.ClusterState;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterState} answered from fabric8 informer caches: namespaces, and pods indexed by namespace. Lookups
 * are in-memory and never call the API server, so an admission request costs no round trip; the caches follow the
 * cluster through a watch.
 *
 * <p>Until both caches have listed once, {@link #hasSynced()} is false and lookups throw
 * {@link ClusterStateException} (wire {@code hasSynced} to {@code /readyz} so no traffic arrives before). A cache
 * whose watch breaks keeps serving its last state while fabric8 re-lists.
 *
 * <pre>{@code
 * try (KubernetesClient client = new KubernetesClientBuilder().build();   // in-cluster or ~/.kube/config
 *      InformerClusterState state = InformerClusterState.start(client, Duration.ZERO)) {
 *     server = GatehouseServer.builder().readiness(state::hasSynced)...;
 * }
 * }</pre>
 *
 * <p>Thread-safe. Returned objects are the cache's own: callers must not modify them.
 */
public final class InformerClusterState implements ClusterState, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InformerClusterState.class);

    private final SharedIndexInformer<Namespace> namespaces;
    private final SharedIndexInformer<Pod> pods;
    private final CompletableFuture<Void> synced;

    private InformerClusterState(SharedIndexInformer<Namespace> namespaces, SharedIndexInformer<Pod> pods) {
        this.namespaces = namespaces;
        this.pods = pods;
        this.synced = CompletableFuture.allOf(
                namespaces.start().toCompletableFuture(), pods.start().toCompletableFuture());
        synced.whenComplete((ok, error) -> {
            if (error == null) {
                LOG.info("cluster caches synced: {} namespaces, {} pods", namespaces.getStore().list().size(),
                        pods.getStore().list().size());
            } else {
                LOG.error("cluster caches failed to start: {}", error.toString());
            }
        });
    }

    /**
     * Starts informers on all namespaces and all pods. Returns at once; see {@link #hasSynced()} and
     * {@link #synced()}.
     *
     * @param resync how often the informers re-deliver their whole cache to handlers; zero for never (lookups
     *               read the cache directly, so resync is only for future event handlers)
     */
    public static InformerClusterState start(KubernetesClient client, Duration resync) {
        Objects.requireNonNull(client, "client");
        long resyncMillis = resync.toMillis();
        SharedIndexInformer<Namespace> namespaces = client.namespaces().runnableInformer(resyncMillis);
        // fabric8 informers keep a namespace index by default: pods(ns) is one index lookup, not a scan.
        SharedIndexInformer<Pod> pods = client.pods().inAnyNamespace().runnableInformer(resyncMillis);
        return new InformerClusterState(namespaces, pods);
    }

    /** The pod informer, for other caches that also need pods (one watch and one copy of every pod, not two). */
    SharedIndexInformer<Pod> podInformer() {
        return pods;
    }

    /** True once both caches hold a full listing of the cluster. */
    public boolean hasSynced() {
        return synced.isDone() && !synced.isCompletedExceptionally() && namespaces.hasSynced() && pods.hasSynced();
    }

    /** Completes when both caches have synced; fails if an informer could not start. */
    public CompletableFuture<Void> synced() {
        return synced.copy();
    }

    @Override
    public Optional<Namespace> namespace(String name) throws ClusterStateException {
        requireSynced();
        // Namespaces are cluster-scoped: the store key is the bare name.
        return Optional.ofNullable(namespaces.getStore().getByKey(name));
    }

    @Override
    public List<Pod> pods(String namespace) throws ClusterStateException {
        requireSynced();
        return List.copyOf(pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace));
    }

    private void requireSynced() throws ClusterStateException {
        if (!hasSynced()) {
            throw new ClusterStateException("cluster caches have not synced yet");
        }
    }

    @Override
    public void close() {
        namespaces.close();
        pods.close();
    }
}
