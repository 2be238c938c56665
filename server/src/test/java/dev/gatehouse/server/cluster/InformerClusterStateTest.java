package dev.gatehouse.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.policy.review.ClusterState.ClusterStateException;
import dev.gatehouse.server.testing.MockApiServer;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Informer-backed cluster state against fabric8's mock API server in CRUD mode. */
class InformerClusterStateTest {

    private static MockApiServer api;
    private static KubernetesClient client;

    @BeforeAll
    static void startMockApiServer() {
        api = MockApiServer.start();
        client = api.client();
    }

    @AfterAll
    static void stopMockApiServer() {
        api.close();
    }

    @Test
    void syncedCaches_answerNamespacesAndPodsByNamespace_andFollowChanges() throws Exception {
        client.namespaces().resource(namespace("team-a", "restricted")).create();
        client.namespaces().resource(namespace("team-b", "baseline")).create();
        client.pods().inNamespace("team-a").resource(pod("team-a", "web-1")).create();
        client.pods().inNamespace("team-a").resource(pod("team-a", "web-2")).create();
        client.pods().inNamespace("team-b").resource(pod("team-b", "db-1")).create();

        try (InformerClusterState state = InformerClusterState.start(client, Duration.ZERO)) {
            state.synced().get(30, TimeUnit.SECONDS);

            assertThat(state.hasSynced()).isTrue();
            assertThat(state.namespace("team-a")).get()
                    .extracting(ns -> ns.getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"))
                    .isEqualTo("restricted");
            assertThat(state.namespace("missing")).isEmpty();
            assertThat(state.pods("team-a")).extracting(p -> p.getMetadata().getName())
                    .containsExactlyInAnyOrder("web-1", "web-2");
            assertThat(state.pods("team-b")).extracting(p -> p.getMetadata().getName()).containsExactly("db-1");
            assertThat(state.pods("nobody")).isEmpty();

            client.pods().inNamespace("team-b").resource(pod("team-b", "db-2")).create();
            client.namespaces().resource(namespace("team-c", "privileged")).create();
            client.pods().inNamespace("team-a").withName("web-1").delete();
            client.namespaces().withName("team-a").edit(ns -> new NamespaceBuilder(ns).editMetadata()
                    .addToLabels("pod-security.kubernetes.io/enforce", "baseline").endMetadata().build());

            await(() -> state.pods("team-b").size() == 2 && state.namespace("team-c").isPresent()
                    && state.pods("team-a").size() == 1
                    && "baseline".equals(state.namespace("team-a").orElseThrow().getMetadata().getLabels()
                            .get("pod-security.kubernetes.io/enforce")));
            assertThat(state.pods("team-a")).extracting(p -> p.getMetadata().getName()).containsExactly("web-2");
        }
    }

    @Test
    void unsyncedCaches_refuseLookupsWithAClearError() {
        // Nothing listens on port 1: the informers can never list.
        KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("https://127.0.0.1:1").withRequestRetryBackoffLimit(0).build()).build();
        try (unreachable; InformerClusterState state = InformerClusterState.start(unreachable, Duration.ZERO)) {
            assertThat(state.hasSynced()).isFalse();
            assertThatThrownBy(() -> state.namespace("team-a"))
                    .isInstanceOf(ClusterStateException.class)
                    .hasMessage("cluster caches have not synced yet");
            assertThatThrownBy(() -> state.pods("team-a")).isInstanceOf(ClusterStateException.class);
        }
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void await(Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the caches did not follow the cluster within 20 s");
            }
            Thread.sleep(50);
        }
    }

    private static Namespace namespace(String name, String enforce) {
        return new NamespaceBuilder().withNewMetadata().withName(name)
                .addToLabels("pod-security.kubernetes.io/enforce", enforce).endMetadata().build();
    }

    private static Pod pod(String namespace, String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer().endSpec().build();
    }

}
