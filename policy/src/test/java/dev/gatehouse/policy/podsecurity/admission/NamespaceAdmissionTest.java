package dev.gatehouse.policy.podsecurity.admission;

import static dev.gatehouse.policy.podsecurity.admission.Fixtures.json;
import static dev.gatehouse.policy.podsecurity.admission.Fixtures.namespace;
import static dev.gatehouse.policy.podsecurity.admission.Fixtures.pod;
import static dev.gatehouse.policy.podsecurity.admission.Fixtures.review;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.policy.cluster.StaticClusterState;
import dev.gatehouse.policy.podsecurity.Level;
import dev.gatehouse.policy.podsecurity.LevelVersion;
import dev.gatehouse.policy.podsecurity.Version;
import dev.gatehouse.policy.podsecurity.config.Exemptions;
import dev.gatehouse.policy.podsecurity.config.PodSecurityConfiguration;
import dev.gatehouse.policy.podsecurity.namespace.NamespacePolicy;
import dev.gatehouse.policy.review.ClusterState;
import dev.gatehouse.policy.review.Decision;
import dev.gatehouse.policy.review.Operation;
import dev.gatehouse.policy.review.Review;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NamespaceAdmissionTest {

    private final Fixtures.FakeEvaluator evaluator = new Fixtures.FakeEvaluator();
    private final Fixtures.RecordingMetrics metrics = new Fixtures.RecordingMetrics();
    private final Fixtures.FakeClock clock = new Fixtures.FakeClock();

    private static final PodSecurityConfiguration CONFIG = new PodSecurityConfiguration(
            NamespacePolicy.of(LevelVersion.PRIVILEGED_LATEST, LevelVersion.of(Level.BASELINE, Version.LATEST),
                    LevelVersion.PRIVILEGED_LATEST),
            new Exemptions(List.of(), List.of("kube-system"), List.of("gvisor")));

    private PodSecurityAdmission admission(ClusterState state) {
        return PodSecurityAdmission.builder(evaluator, CONFIG, state).clock(clock).metrics(metrics).build();
    }

    private static Review create(Namespace namespace) {
        String name = namespace.getMetadata().getName();
        return review("", "namespaces", "Namespace", Operation.CREATE, name, name, "", "alice", json(namespace), null);
    }

    private static Review update(Namespace namespace, Namespace old) {
        String name = namespace.getMetadata().getName();
        return review("", "namespaces", "Namespace", Operation.UPDATE, name, name, "", "alice", json(namespace), json(old));
    }

    private static StaticClusterState pods(String namespace, List<Pod> pods) {
        return StaticClusterState.of(List.of(namespace(namespace)), pods);
    }

    // ---- create and update validation --------------------------------------------------------------------------

    @Test
    void create_withValidLabels_isAllowed() {
        assertThat(admission(StaticClusterState.EMPTY).review(create(namespace("ns", "enforce", "restricted"))))
                .isEqualTo(Decision.allow());
    }

    @Test
    void create_withInvalidLabels_isInvalid() {
        Decision decision = admission(StaticClusterState.EMPTY).review(create(
                namespace("ns", "enforce", "strict", "warn-version", "v1.x")));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.code()).isEqualTo(422);
        assertThat(decision.reason()).isEqualTo("Invalid");
        assertThat(decision.message()).isEqualTo("Namespace \"ns\" is invalid: ["
                + "metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: \"strict\": must be one of privileged, baseline, restricted, "
                + "metadata.labels[pod-security.kubernetes.io/warn-version]: Invalid value: \"v1.x\": must be \"latest\" or \"v1.x\"]");
        assertThat(decision.causes()).containsExactly(
                new Decision.Cause("FieldValueInvalid", "Invalid value: \"strict\": must be one of privileged, baseline, restricted",
                        "metadata.labels[pod-security.kubernetes.io/enforce]"),
                new Decision.Cause("FieldValueInvalid", "Invalid value: \"v1.x\": must be \"latest\" or \"v1.x\"",
                        "metadata.labels[pod-security.kubernetes.io/warn-version]"));
        assertThat(metrics.records).isEmpty();
    }

    static Stream<Arguments> labelUpdates() {
        return Stream.of(
                Arguments.of("still invalid in the same way is allowed", new String[] {"enforce", "bad", "team", "a"},
                        new String[] {"enforce", "bad"}, true),
                Arguments.of("newly invalid is rejected", new String[] {"audit", "bad"}, new String[] {}, false),
                Arguments.of("differently invalid is rejected", new String[] {"audit", "worse"}, new String[] {"audit", "bad"}, false),
                Arguments.of("another error added is rejected", new String[] {"audit", "bad", "warn", "bad"},
                        new String[] {"audit", "bad"}, false),
                Arguments.of("fixed labels are allowed", new String[] {"audit", "baseline"}, new String[] {"audit", "bad"}, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labelUpdates")
    void update_rejectsOnlyNewOrChangedErrors(String name, String[] newLabels, String[] oldLabels, boolean allowed) {
        Decision decision = admission(pods("ns", List.of())).review(update(namespace("ns", newLabels), namespace("ns", oldLabels)));
        assertThat(decision.allowed()).isEqualTo(allowed);
        if (!allowed) {
            assertThat(decision.code()).isEqualTo(422);
            assertThat(decision.message()).startsWith("Namespace \"ns\" is invalid: ");
        }
    }

    @Test
    void subresourcesAndOtherOperations_areAllowed() {
        Review status = review("", "namespaces", "Namespace", Operation.UPDATE, "ns", "ns", "finalize", "alice",
                json(namespace("ns", "enforce", "bad")), json(namespace("ns")));
        assertThat(admission(StaticClusterState.EMPTY).review(status)).isEqualTo(Decision.allow());
        Review delete = review("", "namespaces", "Namespace", Operation.DELETE, "ns", "ns", "", "alice", null,
                json(namespace("ns")));
        assertThat(admission(StaticClusterState.EMPTY).review(delete)).isEqualTo(Decision.allow());
    }

    @Test
    void undecodableNamespaces_areBadRequests() {
        PodSecurityAdmission admission = admission(StaticClusterState.EMPTY);
        Review noObject = review("", "namespaces", "Namespace", Operation.CREATE, "ns", "ns", "", "alice", null, null);
        assertThat(admission.review(noObject).message()).isEqualTo("failed to decode namespace");
        Review mistyped = review("", "namespaces", "Namespace", Operation.CREATE, "ns", "ns", "", "alice",
                json("{\"kind\":\"Namespace\",\"metadata\":{\"labels\":[1]}}"), null);
        Decision decision = admission.review(mistyped);
        assertThat(decision.code()).isEqualTo(400);
        assertThat(decision.message()).isEqualTo("failed to decode object");
        assertThat(decision.auditAnnotations().get("error")).startsWith("failed to decode object: metadata.labels");
        Review noOld = review("", "namespaces", "Namespace", Operation.UPDATE, "ns", "ns", "", "alice",
                json(namespace("ns")), null);
        assertThat(admission.review(noOld).message()).isEqualTo("failed to decode  old namespace");
        Review badOld = review("", "namespaces", "Namespace", Operation.UPDATE, "ns", "ns", "", "alice",
                json(namespace("ns")), json("{\"metadata\":{\"labels\":\"x\"}}"));
        assertThat(admission.review(badOld).message()).isEqualTo("failed to decode  old object");
    }

    // ---- exempt namespaces -------------------------------------------------------------------------------------

    @Test
    void exemptNamespace_isWarnedThatItsPolicyIsIgnored() {
        PodSecurityAdmission admission = admission(StaticClusterState.EMPTY);
        Decision created = admission.review(create(namespace("kube-system", "enforce", "baseline", "warn", "restricted",
                "warn-version", "v1.25")));
        assertThat(created.warnings()).containsExactly("namespace \"kube-system\" is exempt from Pod Security, and the "
                + "policy (enforce=baseline:latest, warn=restricted:v1.25) will be ignored");

        Decision updated = admission.review(update(namespace("kube-system", "enforce", "restricted", "audit", "restricted"),
                namespace("kube-system")));
        assertThat(updated.warnings()).containsExactly("namespace \"kube-system\" is exempt from Pod Security, and the "
                + "policy (enforce=restricted:latest, audit=restricted:latest) will be ignored");
        assertThat(evaluator.calls).hasValue(0);
    }

    @Test
    void exemptNamespace_withPrivilegedOrDefaultPolicy_isNotWarned() {
        PodSecurityAdmission admission = admission(StaticClusterState.EMPTY);
        assertThat(admission.review(create(namespace("kube-system", "enforce", "privileged", "audit", "privileged"))))
                .isEqualTo(Decision.allow());
        // The defaults audit at baseline: labelling that changes nothing.
        assertThat(admission.review(create(namespace("kube-system", "audit", "baseline")))).isEqualTo(Decision.allow());
    }

    // ---- dry run skip rules ------------------------------------------------------------------------------------

    static Stream<Arguments> skips() {
        return Stream.of(
                Arguments.of("enforce unchanged", new String[] {"enforce", "baseline", "team", "b"}, new String[] {"enforce", "baseline"}, false),
                Arguments.of("new enforce privileged", new String[] {"enforce", "privileged"}, new String[] {"enforce", "restricted"}, false),
                Arguments.of("relaxed at the same version", new String[] {"enforce", "baseline"}, new String[] {"enforce", "restricted"}, false),
                Arguments.of("only audit and warn changed", new String[] {"audit", "restricted", "warn", "restricted"}, new String[] {}, false),
                Arguments.of("stricter at the same version", new String[] {"enforce", "restricted"}, new String[] {"enforce", "baseline"}, true),
                Arguments.of("relaxed to another version", new String[] {"enforce", "baseline", "enforce-version", "v1.20"},
                        new String[] {"enforce", "restricted"}, true),
                Arguments.of("same level at another version", new String[] {"enforce", "baseline", "enforce-version", "v1.20"},
                        new String[] {"enforce", "baseline"}, true),
                Arguments.of("first enforce label", new String[] {"enforce", "baseline"}, new String[] {}, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("skips")
    void update_dryRunsExistingPodsOnlyWhenEnforceTightensOrMoves(String name, String[] newLabels, String[] oldLabels,
                                                                   boolean dryRun) {
        Decision decision = admission(pods("ns", List.of(pod("ns", "bad", "x"))))
                .review(update(namespace("ns", newLabels), namespace("ns", oldLabels)));
        assertThat(decision.allowed()).isTrue();
        assertThat(evaluator.calls.get() > 0).isEqualTo(dryRun);
        assertThat(decision.warnings().isEmpty()).isEqualTo(!dryRun);
    }

    // ---- dry run warnings --------------------------------------------------------------------------------------

    @Test
    void dryRun_aggregatesPodsWithTheSameReasonsAndSortsTheLines() {
        List<Pod> pods = List.of(
                pod("ns", "good-1", "x"),
                pod("ns", "z-bad", "x"),
                pod("ns", "m-bad-host", "x"),
                pod("ns", "c-bad", "x"),
                pod("ns", "a-host", "x"),
                pod("ns", "b-host", "x"),
                pod("ns", "c-host", "x"),
                pod("ns", "d-host", "x"));
        Decision decision = admission(pods("ns", pods)).review(update(namespace("ns", "enforce", "baseline"), namespace("ns")));
        assertThat(decision).isEqualTo(new Decision(true, 200, "", "", List.of(), List.of(
                "existing pods in namespace \"ns\" violate the new PodSecurity enforce level \"baseline:latest\"",
                "a-host (and 3 other pods): host namespaces",
                "c-bad (and 1 other pod): bad name",
                "m-bad-host: bad name, host namespaces"), java.util.Map.of()));
        assertThat(metrics.records).isEmpty();
    }

    @Test
    void dryRun_withOnlyCompliantPods_hasNoWarnings() {
        Decision decision = admission(pods("ns", List.of(pod("ns", "fine", "x"))))
                .review(update(namespace("ns", "enforce", "restricted"), namespace("ns")));
        assertThat(decision).isEqualTo(Decision.allow());
        assertThat(evaluator.calls).hasValue(1);
    }

    @Test
    void dryRun_checksAtMostTheLimit() {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < 3001; i++) {
            pods.add(pod("ns", String.format("bad-%04d", i), "x"));
        }
        Decision decision = admission(pods("ns", pods)).review(update(namespace("ns", "enforce", "baseline"), namespace("ns")));
        assertThat(decision.warnings()).containsExactly(
                "new PodSecurity enforce level only checked against the first 3000 of 3001 existing pods",
                "existing pods in namespace \"ns\" violate the new PodSecurity enforce level \"baseline:latest\"",
                "bad-0000 (and 2999 other pods): bad name");
        assertThat(evaluator.calls).hasValue(3000);
    }

    @Test
    void dryRun_stopsAtTheTimeout() {
        evaluator.onEvaluate = () -> clock.advance(Duration.ofMillis(300));
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pods.add(pod("ns", "bad-" + i, "x"));
        }
        Decision decision = admission(pods("ns", pods)).review(update(namespace("ns", "enforce", "baseline"), namespace("ns")));
        // 300 ms a pod: the fourth pod crosses the 1 s budget and is the last one checked.
        assertThat(decision.warnings()).containsExactly(
                "new PodSecurity enforce level only checked against the first 4 of 10 existing pods",
                "existing pods in namespace \"ns\" violate the new PodSecurity enforce level \"baseline:latest\"",
                "bad-0 (and 3 other pods): bad name");
    }

    @Test
    void dryRun_takesAtMostHalfOfTheRequestsRemainingTime() {
        evaluator.onEvaluate = () -> clock.advance(Duration.ofMillis(300));
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pods.add(pod("ns", "bad-" + i, "x"));
        }
        Decision decision = admission(pods("ns", pods)).review(update(namespace("ns", "enforce", "baseline"), namespace("ns")),
                clock.instant().plus(Duration.ofSeconds(1)));
        assertThat(decision.warnings().getFirst())
                .isEqualTo("new PodSecurity enforce level only checked against the first 2 of 10 existing pods");

        evaluator.calls.set(0);
        Decision late = admission(pods("ns", pods)).review(update(namespace("ns", "enforce", "baseline"), namespace("ns")),
                clock.instant().minus(Duration.ofSeconds(1)));
        assertThat(late.warnings().getFirst()).as("a passed deadline still checks one pod")
                .isEqualTo("new PodSecurity enforce level only checked against the first 1 of 10 existing pods");
    }

    @Test
    void dryRun_skipsRuntimeClassExemptPods() {
        List<Pod> pods = List.of(
                new PodBuilder(pod("ns", "bad-sandboxed", "x")).editSpec().withRuntimeClassName("gvisor").endSpec().build(),
                pod("ns", "bad-plain", "x"));
        PodSecurityAdmission admission = PodSecurityAdmission.builder(evaluator, CONFIG, pods("ns", pods))
                .clock(clock).namespaceMaxPodsToCheck(1).build();
        Decision decision = admission.review(update(namespace("ns", "enforce", "baseline"), namespace("ns")));
        // The exempt pod counts neither as checked nor in the total.
        assertThat(decision.warnings()).containsExactly(
                "existing pods in namespace \"ns\" violate the new PodSecurity enforce level \"baseline:latest\"",
                "bad-plain: bad name");
    }

    @Test
    void dryRun_checksOnePodOfEachControllerFirst() {
        List<Pod> pods = List.of(
                owned(pod("ns", "a-bad-1", "x"), "rs-a"),
                owned(pod("ns", "a-bad-2", "x"), "rs-a"),
                owned(pod("ns", "a-bad-3", "x"), "rs-a"),
                owned(pod("ns", "b-host-1", "x"), "rs-b"),
                pod("ns", "c-bad-host", "x"));
        PodSecurityAdmission admission = PodSecurityAdmission.builder(evaluator, CONFIG, pods("ns", pods))
                .clock(clock).namespaceMaxPodsToCheck(3).build();
        Decision decision = admission.review(update(namespace("ns", "enforce", "baseline"), namespace("ns")));
        assertThat(decision.warnings()).containsExactly(
                "new PodSecurity enforce level only checked against the first 3 of 5 existing pods",
                "existing pods in namespace \"ns\" violate the new PodSecurity enforce level \"baseline:latest\"",
                "a-bad-1: bad name",
                "b-host-1: host namespaces",
                "c-bad-host: bad name, host namespaces");
    }

    @Test
    void dryRun_reportsAListFailure() {
        ClusterState failing = new ClusterState() {
            @Override
            public Optional<Namespace> namespace(String name) {
                return Optional.empty();
            }

            @Override
            public List<Pod> pods(String namespace) throws ClusterStateException {
                throw new ClusterStateException("forbidden");
            }
        };
        Decision decision = admission(failing).review(update(namespace("ns", "enforce", "baseline"), namespace("ns")));
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.warnings()).containsExactly("failed to list pods while checking new PodSecurity enforce level");
    }

    private static Pod owned(Pod pod, String controllerUid) {
        return new PodBuilder(pod).editMetadata()
                .addToOwnerReferences(new OwnerReferenceBuilder().withUid("other-" + controllerUid).withController(false).build())
                .addToOwnerReferences(new OwnerReferenceBuilder().withUid(controllerUid).withController(true).build())
                .endMetadata().build();
    }
}
