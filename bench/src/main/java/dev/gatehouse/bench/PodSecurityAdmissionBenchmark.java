package dev.gatehouse.bench;

import dev.gatehouse.policy.cluster.StaticClusterState;
import dev.gatehouse.policy.podsecurity.DefaultPodSecurityEvaluator;
import dev.gatehouse.policy.podsecurity.admission.PodSecurityAdmission;
import dev.gatehouse.policy.podsecurity.admission.PodSecurityMetrics;
import dev.gatehouse.policy.podsecurity.config.PodSecurityConfiguration;
import dev.gatehouse.policy.review.Decision;
import dev.gatehouse.policy.review.GroupVersionKind;
import dev.gatehouse.policy.review.GroupVersionResource;
import dev.gatehouse.policy.review.Operation;
import dev.gatehouse.policy.review.Review;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Admission-level costs, request already decoded: a pod CREATE in a fully privileged namespace (upstream: about
 * 225-291 ns in Go), a pod CREATE in a restricted namespace, and a namespace UPDATE that raises enforce to
 * restricted over 3,000 existing pods (upstream publishes 13.18 ms/op).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar PodSecurityAdmissionBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = ServerJvm.GC)
public class PodSecurityAdmissionBenchmark {

    private static final String ENFORCE = "pod-security.kubernetes.io/enforce";

    private PodSecurityAdmission admission;
    private Review podInPrivilegedNamespace;
    private Review podInRestrictedNamespace;
    private Review enforceChangeOver3000Pods;

    @Setup
    public void setUp() {
        JsonMapper json = JsonMapper.builder().build();
        Pod base = YAMLMapper.builder().build().readValue(PodSecurityBenchmark.BASE_POD, Pod.class);
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Pod pod = YAMLMapper.builder().build().convertValue(base, Pod.class);
            pod.getMetadata().setName("pod-" + i);
            pod.getMetadata().setNamespace("big");
            pod.getMetadata().setUid("uid-" + i);
            // 30 controllers of 100 pods each, as a namespace of Deployments would hold; a third of them violate.
            pod.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
                    .withApiVersion("apps/v1").withKind("ReplicaSet").withName("rs-" + (i % 30))
                    .withUid("rs-uid-" + (i % 30)).withController(true).build()));
            if (i % 3 == 0) {
                pod.getSpec().setHostNetwork(true);
            }
            pods.add(pod);
        }
        Namespace privileged = namespace("open", Map.of());
        Namespace restricted = namespace("locked", Map.of(ENFORCE, "restricted"));
        Namespace big = namespace("big", Map.of(ENFORCE, "baseline"));
        StaticClusterState state = StaticClusterState.of(List.of(privileged, restricted, big), pods);
        admission = PodSecurityAdmission.builder(DefaultPodSecurityEvaluator.standard(), PodSecurityConfiguration.DEFAULT, state)
                .clock(Clock.systemUTC())
                .metrics(PodSecurityMetrics.NONE)
                .build();

        JsonNode podJson = json.valueToTree(base);
        podInPrivilegedNamespace = podReview("open", podJson);
        podInRestrictedNamespace = podReview("locked", podJson);
        Namespace raised = namespace("big", Map.of(ENFORCE, "restricted"));
        enforceChangeOver3000Pods = new Review("uid", new GroupVersionKind("", "v1", "Namespace"),
                new GroupVersionResource("", "v1", "namespaces"), "", "big", "", Operation.UPDATE, null,
                json.valueToTree(raised), json.valueToTree(big), false);

        require(admission.review(podInPrivilegedNamespace).allowed(), "privileged pod allowed");
        require(admission.review(podInRestrictedNamespace).allowed(), "restricted pod allowed");
        Decision change = admission.review(enforceChangeOver3000Pods);
        require(change.allowed() && !change.warnings().isEmpty(), "enforce change warns: " + change.warnings());
    }

    private static Namespace namespace(String name, Map<String, String> labels) {
        return new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build();
    }

    private static Review podReview(String namespace, JsonNode pod) {
        return new Review("uid", new GroupVersionKind("", "v1", "Pod"), new GroupVersionResource("", "v1", "pods"),
                "", "base", namespace, Operation.CREATE, null, pod, null, false);
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark set-up: expected " + what);
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Decision podCreateInPrivilegedNamespace() {
        return admission.review(podInPrivilegedNamespace);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Decision podCreateInRestrictedNamespace() {
        return admission.review(podInRestrictedNamespace);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Decision namespaceEnforceChangeOver3000Pods() {
        return admission.review(enforceChangeOver3000Pods);
    }
}
