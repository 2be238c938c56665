package dev.gatehouse.bench;

import dev.gatehouse.policy.podsecurity.DefaultPodSecurityEvaluator;
import dev.gatehouse.policy.podsecurity.EvaluationResult;
import dev.gatehouse.policy.podsecurity.Level;
import dev.gatehouse.policy.podsecurity.LevelVersion;
import dev.gatehouse.policy.podsecurity.Version;
import io.fabric8.kubernetes.api.model.Pod;
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
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Evaluating one already-decoded pod, as the webhook does after decoding a request: the fixture base pod and a
 * ten-container pod at restricted:latest and baseline:latest, and a privileged namespace (no checks run).
 * Upstream PSA publishes about 3.1 µs (restricted) and 225-291 ns (privileged) in Go.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar PodSecurityBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = ServerJvm.GC)
public class PodSecurityBenchmark {

    static final String BASE_POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: base}
            spec:
              securityContext:
                runAsNonRoot: true
                seccompProfile: {type: RuntimeDefault}
              initContainers:
              - name: initcontainer1
                image: registry.k8s.io/pause
                securityContext:
                  allowPrivilegeEscalation: false
                  capabilities: {drop: [ALL]}
              containers:
              - name: container1
                image: registry.k8s.io/pause
                securityContext:
                  allowPrivilegeEscalation: false
                  capabilities: {drop: [ALL]}
            """;

    private final DefaultPodSecurityEvaluator evaluator = DefaultPodSecurityEvaluator.standard();
    private final LevelVersion restricted = LevelVersion.of(Level.RESTRICTED, Version.LATEST);
    private final LevelVersion baseline = LevelVersion.of(Level.BASELINE, Version.LATEST);
    private final LevelVersion privileged = LevelVersion.of(Level.PRIVILEGED, Version.LATEST);
    private Pod basePod;
    private Pod tenContainerPod;

    @Setup
    public void setUp() {
        YAMLMapper yaml = YAMLMapper.builder().build();
        basePod = yaml.readValue(BASE_POD, Pod.class);
        tenContainerPod = yaml.readValue(BASE_POD, Pod.class);
        var template = tenContainerPod.getSpec().getContainers().get(0);
        for (int i = 2; i <= 10; i++) {
            var copy = yaml.convertValue(template, io.fabric8.kubernetes.api.model.Container.class);
            copy.setName("container" + i);
            copy.setPorts(java.util.List.of(new io.fabric8.kubernetes.api.model.ContainerPortBuilder().withContainerPort(8000 + i).build()));
            tenContainerPod.getSpec().getContainers().add(copy);
        }
        if (!evaluator.evaluate(restricted, basePod.getMetadata(), basePod.getSpec()).allowed()
                || !evaluator.evaluate(restricted, tenContainerPod.getMetadata(), tenContainerPod.getSpec()).allowed()) {
            throw new IllegalStateException("benchmark pods must pass restricted:latest");
        }
    }

    @Benchmark
    public EvaluationResult restrictedBasePod() {
        return evaluator.evaluate(restricted, basePod.getMetadata(), basePod.getSpec());
    }

    @Benchmark
    public EvaluationResult restrictedTenContainers() {
        return evaluator.evaluate(restricted, tenContainerPod.getMetadata(), tenContainerPod.getSpec());
    }

    @Benchmark
    public EvaluationResult baselineBasePod() {
        return evaluator.evaluate(baseline, basePod.getMetadata(), basePod.getSpec());
    }

    @Benchmark
    public EvaluationResult privilegedNamespace() {
        return evaluator.evaluate(privileged, basePod.getMetadata(), basePod.getSpec());
    }
}
