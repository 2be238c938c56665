package dev.gatehouse.server.cluster;

import dev.gatehouse.auth.tokens.TokenObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TokenObjects} answered from fabric8 informer caches of service accounts, pods, secrets and nodes in all
 * namespaces. The token verifier checks every uncached token against these caches, so a Pod, Secret, Node or
 * ServiceAccount that is deleted (or deleted and re-created with a new uid) invalidates the tokens bound to it as
 * soon as the watch delivers the change: no API round trip per verification, no polling.
 *
 * <p>Until every cache has listed once, {@link #hasSynced()} is false and lookups throw
 * {@link TokenObjects.LookupException} (the verifier reports "lookup failed", never "not found", so no valid
 * token is called invalidated during start-up). Wire {@code hasSynced} into {@code /readyz}.
 *
 * <p>Secrets are cached as metadata only (name, namespace, uid, resource version, deletion timestamp): that is all a
 * Secret-bound token needs, and the process then holds no Secret data nor the {@code last-applied-configuration}
 * copy of it. (Legacy Secret-based tokens, which compare the Secret's data, are therefore not served from these
 * caches.)
 *
 * <p>The server needs RBAC {@code list} and {@code watch} on serviceaccounts, pods, secrets and nodes. Pods can
 * come from an {@link InformerClusterState} already running ({@link #start(KubernetesClient, Duration,
 * InformerClusterState)}), so the admission and token paths share one pod watch and one copy of every pod.
 *
 * <pre>{@code
 * InformerTokenObjects objects = InformerTokenObjects.start(client, Duration.ZERO, clusterState);
 * TokenVerifier verifier = TokenVerifier.builder(keys, issuers).objects(objects).build();
 * server = GatehouseServer.builder().readiness(() -> clusterState.hasSynced() && objects.hasSynced())...;
 * }</pre>
 *
 * <p>Thread-safe. Returned objects are the cache's own: callers must not modify them.
 */
public final class InformerTokenObjects implements TokenObjects, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InformerTokenObjects.class);

    private final SharedIndexInformer<ServiceAccount> serviceAccounts;
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<Secret> secrets;
    private final SharedIndexInformer<Node> nodes;
    /** The informers this instance started and must close (the pods may belong to someone else). */
    private final List<SharedIndexInformer<?>> owned;
    private final CompletableFuture<Void> synced;

    private InformerTokenObjects(SharedIndexInformer<ServiceAccount> serviceAccounts, SharedIndexInformer<Pod> pods,
                                 SharedIndexInformer<Secret> secrets, SharedIndexInformer<Node> nodes,
                                 CompletableFuture<Void> podsSynced, boolean ownsPods) {
        this.serviceAccounts = serviceAccounts;
        this.pods = pods;
        this.secrets = secrets;
        this.nodes = nodes;
        secrets.itemStore(new MetadataOnlySecrets());
        List<SharedIndexInformer<?>> mine = new ArrayList<>(List.of(serviceAccounts, secrets, nodes));
        if (ownsPods) {
            mine.add(pods);
        }
        this.owned = List.copyOf(mine);
        this.synced = CompletableFuture.allOf(serviceAccounts.start().toCompletableFuture(),
                secrets.start().toCompletableFuture(), nodes.start().toCompletableFuture(),
                ownsPods ? pods.start().toCompletableFuture() : podsSynced);
        synced.whenComplete((ok, error) -> {
            if (error == null) {
                LOG.info("token object caches synced: {} service accounts, {} pods, {} secrets, {} nodes",
                        serviceAccounts.getStore().list().size(), pods.getStore().list().size(),
                        secrets.getStore().list().size(), nodes.getStore().list().size());
            } else {
                LOG.error("token object caches failed to start: {}", error.toString());
            }
        });
    }

    /**
     * Starts informers on service accounts, pods, secrets and nodes. Returns at once; see {@link #hasSynced()}.
     *
     * @param resync how often the informers re-deliver their cache to handlers; zero for never (lookups read the
     *               caches directly)
     */
    public static InformerTokenObjects start(KubernetesClient client, Duration resync) {
        Objects.requireNonNull(client, "client");
        long resyncMillis = resync.toMillis();
        return new InformerTokenObjects(client.serviceAccounts().inAnyNamespace().runnableInformer(resyncMillis),
                client.pods().inAnyNamespace().runnableInformer(resyncMillis),
                client.secrets().inAnyNamespace().runnableInformer(resyncMillis),
                client.nodes().runnableInformer(resyncMillis), null, true);
    }

    /** As {@link #start(KubernetesClient, Duration)}, reading pods from {@code sharing}'s cache (not closed here). */
    public static InformerTokenObjects start(KubernetesClient client, Duration resync, InformerClusterState sharing) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(sharing, "sharing");
        long resyncMillis = resync.toMillis();
        return new InformerTokenObjects(client.serviceAccounts().inAnyNamespace().runnableInformer(resyncMillis),
                sharing.podInformer(),
                client.secrets().inAnyNamespace().runnableInformer(resyncMillis),
                client.nodes().runnableInformer(resyncMillis), sharing.synced(), false);
    }

    /** True once every cache holds a full listing of the cluster. */
    public boolean hasSynced() {
        return synced.isDone() && !synced.isCompletedExceptionally() && serviceAccounts.hasSynced()
                && pods.hasSynced() && secrets.hasSynced() && nodes.hasSynced();
    }

    /** Completes when every cache has synced; fails if an informer could not start. */
    public CompletableFuture<Void> synced() {
        return synced.copy();
    }

    @Override
    public Optional<ServiceAccount> serviceAccount(String namespace, String name) throws LookupException {
        return namespaced(serviceAccounts, namespace, name);
    }

    @Override
    public Optional<Pod> pod(String namespace, String name) throws LookupException {
        return namespaced(pods, namespace, name);
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) throws LookupException {
        return namespaced(secrets, namespace, name);
    }

    @Override
    public Optional<Node> node(String name) throws LookupException {
        requireSynced();
        // Nodes are cluster-scoped: the store key is the bare name.
        return Optional.ofNullable(nodes.getStore().getByKey(name));
    }

    private <T extends HasMetadata> Optional<T> namespaced(SharedIndexInformer<T> informer, String namespace,
                                                           String name) throws LookupException {
        requireSynced();
        // The store's key function is namespace/name; a name holding '/' is no valid object name and finds nothing.
        return Optional.ofNullable(informer.getStore().getByKey(namespace + "/" + name));
    }

    private void requireSynced() throws LookupException {
        if (!hasSynced()) {
            throw new LookupException("token object caches have not synced yet");
        }
    }

    @Override
    public void close() {
        owned.forEach(SharedIndexInformer::close);
    }

    /** Keeps what token checks read of a Secret and drops the rest (data, annotations, managed fields) on arrival. */
    private static final class MetadataOnlySecrets extends BasicItemStore<Secret> {
        MetadataOnlySecrets() {
            super(Cache::metaNamespaceKeyFunc);
        }

        @Override
        public Secret put(String key, Secret secret) {
            ObjectMeta full = secret.getMetadata();
            ObjectMeta kept = full == null ? null : new ObjectMetaBuilder()
                    .withName(full.getName())
                    .withNamespace(full.getNamespace())
                    .withUid(full.getUid())
                    .withResourceVersion(full.getResourceVersion())
                    .withCreationTimestamp(full.getCreationTimestamp())
                    .withDeletionTimestamp(full.getDeletionTimestamp())
                    .build();
            return super.put(key, new SecretBuilder().withMetadata(kept).withType(secret.getType()).build());
        }
    }
}
