package dev.gatehouse.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.auth.tokens.BoundObjectRef;
import dev.gatehouse.auth.tokens.FailureReason;
import dev.gatehouse.auth.tokens.KeyGenerator;
import dev.gatehouse.auth.tokens.KeySet;
import dev.gatehouse.auth.tokens.ServiceAccountKey;
import dev.gatehouse.auth.tokens.SigningAlgorithm;
import dev.gatehouse.auth.tokens.TokenIssuer;
import dev.gatehouse.auth.tokens.TokenObjects;
import dev.gatehouse.auth.tokens.TokenRequestSpec;
import dev.gatehouse.auth.tokens.TokenVerifier;
import dev.gatehouse.auth.tokens.VerificationResult;
import dev.gatehouse.server.testing.MockApiServer;
import dev.gatehouse.server.testing.MutableClock;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Informer-backed token objects against fabric8's mock API server in CRUD mode: tokens bound to objects that go
 * away stop verifying once the informer has seen the change and the verifier's short success cache has expired.
 */
class InformerTokenObjectsTest {

    private static final String ISSUER = "https://issuer.gatehouse.test";
    private static final Duration CACHE_TTL = Duration.ofSeconds(2);

    // A fresh mock API server for every test, so no test can inherit another's objects or a wedged watch.
    private MockApiServer api;
    private KubernetesClient client;

    private final MutableClock clock = new MutableClock(Instant.now());
    private InformerClusterState clusterState;
    private InformerTokenObjects objects;
    private TokenIssuer issuer;
    private TokenVerifier verifier;

    @BeforeEach
    void startInformers() throws Exception {
        api = MockApiServer.start();
        client = api.client();
        client.serviceAccounts().inNamespace("ci").resource(new ServiceAccountBuilder().withNewMetadata()
                .withNamespace("ci").withName("builder").endMetadata().build()).createOr(NonDeletingOperation::update);
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().build())
                .createOr(NonDeletingOperation::update);
        client.pods().inNamespace("ci").resource(pod("web-0")).createOr(NonDeletingOperation::update);
        client.secrets().inNamespace("ci").resource(new SecretBuilder().withNewMetadata().withNamespace("ci")
                .withName("db").addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{\"data\":\"c2VjcmV0\"}")
                .endMetadata().addToData("password", "c2VjcmV0").build()).createOr(NonDeletingOperation::update);

        clusterState = InformerClusterState.start(client, Duration.ZERO);
        objects = InformerTokenObjects.start(client, Duration.ZERO, clusterState);
        objects.synced().get(30, TimeUnit.SECONDS);
        KeyPair pair = KeyGenerator.generate(SigningAlgorithm.ES256);
        KeySet keys = KeySet.of(List.of(ServiceAccountKey.ofPair(pair.getPublic(), pair.getPrivate(), "test")));
        issuer = TokenIssuer.builder(keys, ISSUER).objects(objects).clock(clock).build();
        verifier = TokenVerifier.builder(keys, List.of(ISSUER)).objects(objects).clock(clock).successTtl(CACHE_TTL).build();
    }

    @AfterEach
    void stopInformers() {
        // Informers first, so their watches are closed before the client and the server go.
        if (objects != null) {
            objects.close();
        }
        if (clusterState != null) {
            clusterState.close();
        }
        api.close();
    }

    @Test
    void syncedCaches_answerEveryKind_andSharePodsWithTheClusterState() throws Exception {
        assertThat(objects.hasSynced()).isTrue();
        assertThat(objects.serviceAccount("ci", "builder")).isPresent();
        assertThat(objects.serviceAccount("ci", "nobody")).isEmpty();
        assertThat(objects.pod("ci", "web-0")).get().extracting(p -> p.getSpec().getNodeName()).isEqualTo("node-1");
        assertThat(objects.pod("other", "web-0")).isEmpty();
        Secret secret = objects.secret("ci", "db").orElseThrow();
        assertThat(secret.getMetadata().getUid()).isNotEmpty();
        assertThat(secret.getData()).as("secret data is never cached").isNullOrEmpty();
        assertThat(secret.getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(objects.node("node-1")).isPresent();
        assertThat(objects.node("node-2")).isEmpty();

        objects.close();
        // Closing the token objects leaves the shared pod cache running for admission.
        assertThat(clusterState.pods("ci")).hasSize(1);
    }

    @Test
    void deletedPod_invalidatesItsTokenOnceTheInformerSawItAndTheCacheExpired() throws Exception {
        String token = podBoundToken("web-0");
        assertThat(verifier.verify(token)).isInstanceOf(VerificationResult.Authenticated.class);

        client.pods().inNamespace("ci").withName("web-0").delete();
        await(() -> objects.pod("ci", "web-0").isEmpty());

        // The informer knows; the uncached path says so at once.
        assertThat(verifier.verifyUncached(token, null)).isEqualTo(
                new VerificationResult.Rejected(FailureReason.INVALIDATED, "service account token has been invalidated"));
        // A success cached before the deletion is served until its short TTL ends, and not a moment longer.
        long hitsBefore = verifier.stats().cacheHits();
        assertThat(verifier.verify(token)).isInstanceOf(VerificationResult.Authenticated.class);
        assertThat(verifier.stats().cacheHits()).isEqualTo(hitsBefore + 1);
        clock.advance(CACHE_TTL.plusMillis(1));
        assertThat(verifier.verify(token)).isEqualTo(
                new VerificationResult.Rejected(FailureReason.INVALIDATED, "service account token has been invalidated"));
        assertThat(verifier.verify(token)).isInstanceOf(VerificationResult.Rejected.class); // failures are not cached
    }

    @Test
    void recreatedPod_withANewUid_rejectsTokensOfTheOldOne() throws Exception {
        String token = podBoundToken("web-0");
        String oldUid = objects.pod("ci", "web-0").orElseThrow().getMetadata().getUid();

        client.pods().inNamespace("ci").withName("web-0").delete();
        await(() -> objects.pod("ci", "web-0").isEmpty());
        client.pods().inNamespace("ci").resource(pod("web-0")).createOr(NonDeletingOperation::update);
        await(() -> objects.pod("ci", "web-0").isPresent());
        String newUid = objects.pod("ci", "web-0").orElseThrow().getMetadata().getUid();

        assertThat(newUid).isNotEqualTo(oldUid);
        assertThat(verifier.verify(token)).isEqualTo(new VerificationResult.Rejected(FailureReason.BOUND_OBJECT_UID_MISMATCH,
                "pod UID (" + newUid + ") does not match service account pod ref claim (" + oldUid + ")"));
    }

    @Test
    void deletedSecretNodeAndServiceAccount_invalidateTheirTokens() throws Exception {
        String secretBound = issuer.issue("ci", "builder", new TokenRequestSpec(List.of(), 600L,
                new BoundObjectRef("Secret", "v1", "db", null))).token();
        String nodeBound = issuer.issue("ci", "builder", new TokenRequestSpec(List.of(), 600L,
                new BoundObjectRef("Node", "v1", "node-1", null))).token();
        String unbound = issuer.issue("ci", "builder", TokenRequestSpec.defaults()).token();
        assertThat(List.of(secretBound, nodeBound, unbound)).allSatisfy(
                t -> assertThat(verifier.verifyUncached(t, null)).isInstanceOf(VerificationResult.Authenticated.class));

        client.secrets().inNamespace("ci").withName("db").delete();
        client.nodes().withName("node-1").delete();
        await(() -> objects.secret("ci", "db").isEmpty() && objects.node("node-1").isEmpty());
        assertThat(verifier.verifyUncached(secretBound, null)).extracting(r -> ((VerificationResult.Rejected) r).reason())
                .isEqualTo(FailureReason.INVALIDATED);
        assertThat(verifier.verifyUncached(nodeBound, null)).extracting(r -> ((VerificationResult.Rejected) r).reason())
                .isEqualTo(FailureReason.INVALIDATED);

        client.serviceAccounts().inNamespace("ci").withName("builder").delete();
        await(() -> objects.serviceAccount("ci", "builder").isEmpty());
        assertThat(verifier.verifyUncached(unbound, null)).isEqualTo(new VerificationResult.Rejected(
                FailureReason.SERVICE_ACCOUNT_NOT_FOUND, "serviceaccounts \"builder\" not found"));
    }

    @Test
    void unsyncedCaches_failLookupsInsteadOfCallingTokensInvalid() {
        KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("https://127.0.0.1:1").withRequestRetryBackoffLimit(0).build()).build();
        try (unreachable; InformerTokenObjects never = InformerTokenObjects.start(unreachable, Duration.ZERO)) {
            assertThat(never.hasSynced()).isFalse();
            assertThatThrownBy(() -> never.pod("ci", "web-0")).isInstanceOf(TokenObjects.LookupException.class)
                    .hasMessage("token object caches have not synced yet");
            assertThatThrownBy(() -> never.node("node-1")).isInstanceOf(TokenObjects.LookupException.class);
        }
    }

    private String podBoundToken(String pod) throws Exception {
        return issuer.issue("ci", "builder", new TokenRequestSpec(List.of(), 600L,
                new BoundObjectRef("Pod", "v1", pod, null))).token();
    }

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("ci").endMetadata()
                .withNewSpec().withServiceAccountName("builder").withNodeName("node-1")
                .addNewContainer().withName("c").withImage("nginx").endContainer().endSpec().build();
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
            Thread.sleep(20);
        }
    }
}
