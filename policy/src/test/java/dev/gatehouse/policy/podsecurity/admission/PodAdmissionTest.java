package dev.gatehouse.policy.podsecurity.admission;

import static dev.gatehouse.policy.podsecurity.admission.Fixtures.json;
import static dev.gatehouse.policy.podsecurity.admission.Fixtures.namespace;
import static dev.gatehouse.policy.podsecurity.admission.Fixtures.pod;
import static dev.gatehouse.policy.podsecurity.admission.Fixtures.podCreate;
import static dev.gatehouse.policy.podsecurity.admission.Fixtures.podUpdate;
import static dev.gatehouse.policy.podsecurity.admission.Fixtures.review;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.policy.cluster.StaticClusterState;
import dev.gatehouse.policy.podsecurity.Version;
import dev.gatehouse.policy.podsecurity.config.Exemptions;
import dev.gatehouse.policy.podsecurity.config.PodSecurityConfiguration;
import dev.gatehouse.policy.podsecurity.namespace.NamespacePolicy;
import dev.gatehouse.policy.review.ClusterState;
import dev.gatehouse.policy.review.Decision;
import dev.gatehouse.policy.review.Operation;
import dev.gatehouse.policy.review.Review;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PodAdmissionTest {

    private final Fixtures.FakeEvaluator evaluator = new Fixtures.FakeEvaluator();
    private final Fixtures.RecordingMetrics metrics = new Fixtures.RecordingMetrics();

    private static final PodSecurityConfiguration CONFIG = new PodSecurityConfiguration(NamespacePolicy.PRIVILEGED,
            new Exemptions(List.of("system:admin"), List.of("kube-system"), List.of("gvisor")));

    private static final ClusterState STATE = StaticClusterState.of(List.of(
            namespace("privileged"),
            namespace("baseline", "enforce", "baseline"),
            namespace("restricted", "enforce", "restricted"),
            namespace("baseline-audit", "enforce", "baseline", "audit", "baseline"),
            namespace("mixed", "enforce", "baseline", "audit", "restricted", "warn", "restricted", "warn-version", "v1.30"),
            namespace("warn-only", "warn", "baseline", "warn-version", "v1.20"),
            namespace("audit-only", "audit", "restricted"),
            namespace("bad-labels", "audit", "bogus"),
            namespace("bad-enforce", "enforce", "strict", "warn", "privileged"),
            namespace("kube-system", "enforce", "restricted")), List.of());

    private PodSecurityAdmission admission() {
        return admission(STATE);
    }

    private PodSecurityAdmission admission(ClusterState state) {
        return PodSecurityAdmission.builder(evaluator, CONFIG, state).clock(Clock.systemUTC()).metrics(metrics)
                .metricsVersion(Version.of(30)).build();
    }

    @ParameterizedTest(name = "subresource {0} is ignored")
    @ValueSource(strings = {"exec", "attach", "binding", "eviction", "log", "portforward", "proxy", "status"})
    void ignoredSubresources_areAllowedWithoutEvaluation(String subresource) {
        Review review = review("", "pods", "Pod", Operation.UPDATE, "restricted", "bad", subresource, "alice",
                json("\"not even an object\""), null);
        assertThat(admission().review(review)).isEqualTo(Decision.allow());
        assertThat(evaluator.calls).hasValue(0);
        assertThat(metrics.records).isEmpty();
    }

    @Test
    void otherSubresources_areEvaluated() {
        Pod pod = pod("restricted", "bad", "nginx");
        Review review = review("", "pods", "Pod", Operation.UPDATE, "restricted", "bad", "ephemeralcontainers",
                "alice", json(pod), json(new PodBuilder(pod).editSpec().addNewEphemeralContainer().withName("debug")
                        .withImage("busybox").endEphemeralContainer().endSpec().build()));
        // The new object gained nothing, the old one had an ephemeral container: not significant, allowed.
        assertThat(admission().review(review).allowed()).isTrue();

        Review added = review("", "pods", "Pod", Operation.UPDATE, "restricted", "bad", "ephemeralcontainers", "alice",
                json(new PodBuilder(pod).editSpec().addNewEphemeralContainer().withName("debug").withImage("busybox")
                        .endEphemeralContainer().endSpec().build()), json(pod));
        Decision decision = admission().review(added);
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.message()).startsWith("pods \"bad\" is forbidden: violates PodSecurity \"restricted:latest\"");
    }

    @Test
    void exemptNamespace_comesBeforeUserAndLookup() {
        Review review = review("", "pods", "Pod", Operation.CREATE, "kube-system", "bad", "", "system:admin",
                json(pod("kube-system", "bad", "x")), null);
        Decision decision = admission(failingState()).review(review);
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.auditAnnotations()).containsExactly(Map.entry("exempt", "namespace"));
        assertThat(evaluator.calls).hasValue(0);
        assertThat(metrics.records).containsExactly("exemption create,pod,");
    }

    @Test
    void exemptUser_comesBeforeLookup() {
        Review review = review("", "pods", "Pod", Operation.CREATE, "restricted", "bad", "", "system:admin",
                json(pod("restricted", "bad", "x")), null);
        Decision decision = admission(failingState()).review(review);
        assertThat(decision.auditAnnotations()).containsExactly(Map.entry("exempt", "user"));
        assertThat(metrics.records).containsExactly("exemption create,pod,");
    }

    @Test
    void missingNamespace_isDeniedAsAnInternalError() {
        Decision decision = admission().review(podCreate("nope", pod("nope", "good", "x")));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.code()).isEqualTo(500);
        assertThat(decision.reason()).isEqualTo("InternalError");
        assertThat(decision.message()).isEqualTo("Internal error occurred: failed to lookup namespace \"nope\"");
        assertThat(decision.causes()).containsExactly(new Decision.Cause("", "failed to lookup namespace \"nope\"", ""));
        assertThat(decision.auditAnnotations()).containsExactly(Map.entry("error",
                "Internal error occurred: failed to lookup namespace \"nope\": namespaces \"nope\" not found"));
        assertThat(metrics.records).containsExactly("error true,create,pod,");
    }

    @Test
    void unreadableClusterState_isDeniedAsAnInternalError() {
        Decision decision = admission(failingState()).review(podCreate("restricted", pod("restricted", "good", "x")));
        assertThat(decision.code()).isEqualTo(500);
        assertThat(decision.auditAnnotations()).containsEntry("error",
                "Internal error occurred: failed to lookup namespace \"restricted\": cache not synced");
    }

    @Test
    void fullyPrivilegedNamespace_isAllowedWithoutDecoding() {
        Review review = review("", "pods", "Pod", Operation.CREATE, "privileged", "bad", "", "alice",
                json("[\"garbage\"]"), null);
        Decision decision = admission().review(review);
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.auditAnnotations()).containsExactly(Map.entry("enforce-policy", "privileged:latest"));
        assertThat(evaluator.calls).hasValue(0);
        assertThat(metrics.records).containsExactly("evaluation allow,privileged,latest,enforce,create,pod,");
    }

    @Test
    void labelErrors_evaluateTheFallbackPolicyAndAnnotate() {
        Decision decision = admission().review(podCreate("bad-labels", pod("bad-labels", "bad", "x")));
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.auditAnnotations()).containsExactly(
                Map.entry("error", "Failed to parse policy: metadata.labels[pod-security.kubernetes.io/audit]: "
                        + "Invalid value: \"bogus\": must be one of privileged, baseline, restricted"),
                Map.entry("enforce-policy", "privileged:latest"));
        assertThat(metrics.records).contains("error false,create,pod,");

        Decision closed = admission().review(podCreate("bad-enforce", pod("bad-enforce", "bad", "x")));
        assertThat(closed.allowed()).isFalse();
        assertThat(closed.message()).isEqualTo("pods \"bad\" is forbidden: violates PodSecurity \"restricted:latest\": "
                + "bad name (pod \"bad\" at restricted:latest)");
        assertThat(closed.auditAnnotations()).containsKeys("error", "enforce-policy");
    }

    static Stream<Arguments> undecodable() {
        return Stream.of(
                Arguments.of("no object", null, "failed to decode pod", "failed to decode pod"),
                Arguments.of("another kind", "{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\"}",
                        "failed to decode pod", "failed to decode pod"),
                Arguments.of("a list", "[1]", "failed to decode object",
                        "failed to decode object: expected a JSON object, got array"),
                Arguments.of("mistyped containers", "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":\"app\"}}",
                        "failed to decode object", "failed to decode object: spec.containers: "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("undecodable")
    void undecodableObjects_areBadRequests(String name, String object, String message, String annotation) {
        Review review = review("", "pods", "Pod", Operation.CREATE, "restricted", "p", "", "alice",
                object == null ? null : json(object), null);
        Decision decision = admission().review(review);
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.code()).isEqualTo(400);
        assertThat(decision.reason()).isEqualTo("BadRequest");
        assertThat(decision.message()).isEqualTo(message);
        assertThat(decision.auditAnnotations().get("error")).startsWith(annotation);
        assertThat(metrics.records).containsExactly("error true,create,pod,");
    }

    @Test
    void undecodableOldObject_isABadRequest() {
        Review noOld = review("", "pods", "Pod", Operation.UPDATE, "restricted", "p", "", "alice",
                json(pod("restricted", "p", "x")), null);
        assertThat(admission().review(noOld).message()).isEqualTo("failed to decode old pod");
        Review badOld = review("", "pods", "Pod", Operation.UPDATE, "restricted", "p", "", "alice",
                json(pod("restricted", "p", "x")), json("{\"spec\":{\"containers\":5}}"));
        Decision decision = admission().review(badOld);
        assertThat(decision.message()).isEqualTo("failed to decode old object");
        assertThat(decision.auditAnnotations().get("error")).startsWith("failed to decode old object: spec.containers");
    }

    @Test
    void enforceViolation_isForbiddenWithUpstreamMessage() {
        Decision decision = admission().review(podCreate("baseline", pod("baseline", "bad-host", "x")));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.code()).isEqualTo(403);
        assertThat(decision.reason()).isEqualTo("Forbidden");
        assertThat(decision.message()).isEqualTo("pods \"bad-host\" is forbidden: violates PodSecurity \"baseline:latest\": "
                + "bad name (pod \"bad-host\" at baseline:latest), host namespaces");
        assertThat(decision.warnings()).isEmpty();
        assertThat(decision.auditAnnotations()).containsExactly(Map.entry("enforce-policy", "baseline:latest"));
        assertThat(metrics.records).containsExactly("evaluation deny,baseline,latest,enforce,create,pod,");
    }

    @Test
    void podWithoutName_isForbiddenWithoutAName() {
        Pod pod = new PodBuilder(pod("baseline", "", "x")).editMetadata().withName(null).withGenerateName("bad-")
                .endMetadata().build();
        // The fake forbids by name; the generated-name pod is judged on its labels instead.
        pod.getMetadata().setLabels(Map.of("bad", "yes"));
        Review review = review("", "pods", "Pod", Operation.CREATE, "baseline", "", "", "alice", json(pod), null);
        assertThat(admission().review(review).message())
                .isEqualTo("pods is forbidden: violates PodSecurity \"baseline:latest\": bad name (pod \"\" at baseline:latest)");
    }

    @Test
    void auditReusesTheEnforceEvaluationAtTheSameLevelAndVersion() {
        Decision decision = admission().review(podCreate("baseline-audit", pod("baseline-audit", "good", "x")));
        assertThat(decision).isEqualTo(allowedWith(Map.of("enforce-policy", "baseline:latest")));
        // enforce baseline; audit baseline (reused); warn defaulted to baseline (reused).
        assertThat(evaluator.calls).hasValue(1);
    }

    @Test
    void auditAndWarnAtOtherLevels_areEvaluatedSeparately() {
        Decision decision = admission().review(podCreate("mixed", pod("mixed", "bad", "x")));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.auditAnnotations()).containsExactly(
                Map.entry("enforce-policy", "baseline:latest"),
                Map.entry("audit-violations", "would violate PodSecurity \"restricted:latest\": bad name (pod \"bad\" at restricted:latest)"));
        assertThat(decision.warnings()).as("no warnings on a denied request").isEmpty();
        assertThat(evaluator.evaluated).hasToString("[baseline:latest, restricted:latest]");
        assertThat(metrics.records).containsExactly(
                "evaluation deny,baseline,latest,enforce,create,pod,",
                "evaluation deny,restricted,latest,audit,create,pod,");
    }

    @Test
    void warnings_areGivenWhenTheRequestIsAllowed() {
        Decision decision = admission().review(podCreate("warn-only", pod("warn-only", "bad", "x")));
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.warnings()).containsExactly(
                "would violate PodSecurity \"baseline:v1.20\": bad name (pod \"bad\" at baseline:v1.20)");
        assertThat(decision.auditAnnotations()).containsExactly(Map.entry("enforce-policy", "privileged:latest"));
        assertThat(metrics.records).containsExactly(
                "evaluation allow,privileged,latest,enforce,create,pod,",
                "evaluation deny,baseline,v1.20,warn,create,pod,");
    }

    @Test
    void auditOnly_annotatesWithoutWarning() {
        Decision decision = admission().review(podCreate("audit-only", pod("audit-only", "bad", "x")));
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.warnings()).isEmpty();
        assertThat(decision.auditAnnotations()).containsEntry("audit-violations",
                "would violate PodSecurity \"restricted:latest\": bad name (pod \"bad\" at restricted:latest)");
    }

    @Test
    void versionsNewerThanOurs_areLabelledFutureInMetrics() {
        StaticClusterState state = StaticClusterState.of(List.of(namespace("ns", "enforce", "baseline",
                "enforce-version", "v1.31")), List.of());
        admission(state).review(podCreate("ns", pod("ns", "good", "x")));
        assertThat(metrics.records).containsExactly("evaluation allow,baseline,future,enforce,create,pod,");
    }

    @Test
    void exemptRuntimeClass_isCheckedAfterTheNamespace() {
        Pod pod = new PodBuilder(pod("restricted", "bad", "x")).editSpec().withRuntimeClassName("gvisor").endSpec().build();
        Decision decision = admission().review(podCreate("restricted", pod));
        assertThat(decision.auditAnnotations()).containsExactly(Map.entry("exempt", "runtimeClass"));
        assertThat(metrics.records).containsExactly("exemption create,pod,");
        assertThat(evaluator.calls).hasValue(0);

        Decision missing = admission().review(podCreate("missing", pod));
        assertThat(missing.code()).as("the namespace is looked up first").isEqualTo(500);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"DELETE", "CONNECT"})
    void operationsOtherThanCreateAndUpdate_areAllowed(String operation) {
        Review review = review("", "pods", "Pod", Operation.valueOf(operation), "restricted", "bad", "", "alice", null,
                json(pod("restricted", "bad", "x")));
        assertThat(admission().review(review)).isEqualTo(Decision.allow());
    }

    static Stream<Arguments> updates() {
        Pod base = new PodBuilder(pod("restricted", "bad", "nginx:1")).editSpec()
                .addNewInitContainer().withName("init").withImage("busybox:1").endInitContainer()
                .addToEphemeralContainers(new EphemeralContainerBuilder().withName("debug").withImage("debug:1").build())
                .endSpec().build();
        return Stream.of(
                update("labels changed", base, p -> p.editMetadata().addToLabels("a", "b").endMetadata(), false),
                update("seccomp annotation changed", base, p -> p.editMetadata()
                        .addToAnnotations("container.seccomp.security.alpha.kubernetes.io/app", "unconfined").endMetadata(), false),
                update("nothing changed", base, p -> p, false),
                update("container image changed", base, p -> p.editSpec().editFirstContainer().withImage("nginx:2")
                        .endContainer().endSpec(), true),
                update("init container image changed", base, p -> p.editSpec().editFirstInitContainer()
                        .withImage("busybox:2").endInitContainer().endSpec(), true),
                update("container added", base, p -> p.editSpec().addNewContainer().withName("side").withImage("x")
                        .endContainer().endSpec(), true),
                update("init container removed", base, p -> p.editSpec().withInitContainers(List.of()).endSpec(), true),
                update("ephemeral container added", base, p -> p.editSpec().addToEphemeralContainers(
                        new EphemeralContainerBuilder().withName("debug2").withImage("debug:1").build()).endSpec(), true),
                update("ephemeral container image changed", base, p -> p.editSpec().editFirstEphemeralContainer()
                        .withImage("debug:2").endEphemeralContainer().endSpec(), true),
                update("ephemeral container removed", base, p -> p.editSpec().withEphemeralContainers(List.of()).endSpec(), false),
                update("host network changed", base, p -> p.editSpec().withHostNetwork(true).endSpec(), false));
    }

    private static Arguments update(String name, Pod old, UnaryOperator<PodBuilder> change, boolean significant) {
        return Arguments.of(name, change.apply(new PodBuilder(old)).build(), old, significant);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void updates_areEvaluatedOnlyWhenSignificant(String name, Pod pod, Pod oldPod, boolean significant) {
        Decision decision = admission().review(podUpdate("restricted", pod, oldPod));
        if (significant) {
            assertThat(decision.allowed()).isFalse();
            assertThat(metrics.records).containsExactly("evaluation deny,restricted,latest,enforce,update,pod,");
        } else {
            assertThat(decision).isEqualTo(Decision.allow());
            assertThat(evaluator.calls).hasValue(0);
        }
    }

    @Test
    void updateOfARuntimeClassExemptPod_isCheckedForSignificanceFirst() {
        Pod old = new PodBuilder(pod("restricted", "bad", "x")).editSpec().withRuntimeClassName("gvisor").endSpec().build();
        Pod relabelled = new PodBuilder(old).editMetadata().addToLabels("a", "b").endMetadata().build();
        assertThat(admission().review(podUpdate("restricted", relabelled, old))).isEqualTo(Decision.allow());
    }

    @Test
    void brokenEvaluator_yieldsAnInternalErrorNotAnException() {
        PodSecurityAdmission broken = PodSecurityAdmission.builder((lv, m, s) -> {
            throw new IllegalStateException("boom");
        }, CONFIG, STATE).build();
        Decision decision = broken.review(podCreate("baseline", pod("baseline", "good", "x")));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.code()).isEqualTo(500);
    }

    private static Decision allowedWith(Map<String, String> annotations) {
        return new Decision(true, 200, "", "", List.of(), List.of(), annotations);
    }

    private static ClusterState failingState() {
        return new ClusterState() {
            @Override
            public Optional<Namespace> namespace(String name) throws ClusterStateException {
                throw new ClusterStateException("cache not synced");
            }

            @Override
            public List<Pod> pods(String namespace) throws ClusterStateException {
                throw new ClusterStateException("cache not synced");
            }
        };
    }
}
