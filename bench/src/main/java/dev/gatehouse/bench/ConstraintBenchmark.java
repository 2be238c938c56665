package dev.gatehouse.bench;

import dev.gatehouse.policy.constraint.EnforcementPoint;
import dev.gatehouse.policy.constraint.LoadedConstraints;
import dev.gatehouse.policy.constraint.ConstraintLoader;
import dev.gatehouse.policy.constraint.driver.cel.CelDriver;
import dev.gatehouse.policy.constraint.driver.rego.RegoDriver;
import dev.gatehouse.policy.constraint.engine.ConstraintEngine;
import dev.gatehouse.policy.constraint.engine.EnginePreference;
import dev.gatehouse.policy.constraint.engine.ReviewOutcome;
import dev.gatehouse.policy.document.ManifestReader;
import dev.gatehouse.policy.document.ManifestSet;
import dev.gatehouse.policy.review.GroupVersionKind;
import dev.gatehouse.policy.review.GroupVersionResource;
import dev.gatehouse.policy.review.Operation;
import dev.gatehouse.policy.review.Review;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * One pod reviewed at the webhook against every pod-security-policy template of the Gatekeeper library, each with
 * the constraint of its first sample: on the Rego driver (every template) and on the CEL driver (the templates that
 * have K8sNativeValidation code; the others are skipped and cost only the match). The pod complies with most
 * templates and violates a few (it runs as root), so both the "no violation" and the message paths are exercised.
 *
 * <p>The Rego evaluator needs about ten seconds of warm-up before the JIT settles, hence the long warm-up.
 *
 * <p>Run: {@code java -Dgatehouse.gatekeeperLibrary=/path/to/gatekeeper-library -jar bench/target/benchmarks.jar
 * ConstraintBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = ServerJvm.GC)
public class ConstraintBenchmark {

    static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              namespace: default
              labels: {app: web}
              annotations: {container.apparmor.security.beta.kubernetes.io/nginx: runtime/default}
            spec:
              securityContext:
                seccompProfile: {type: RuntimeDefault}
              containers:
              - name: nginx
                image: nginx:1.27
                ports: [{containerPort: 80}]
                securityContext:
                  allowPrivilegeEscalation: false
                  readOnlyRootFilesystem: true
                  capabilities: {drop: [ALL]}
              - name: sidecar
                image: envoyproxy/envoy:v1.31
                volumeMounts: [{name: cache, mountPath: /cache}]
              volumes:
              - name: cache
                emptyDir: {}
            """;

    @Param({"rego", "cel"})
    public String engine;

    private ConstraintEngine constraints;
    private Review review;

    @Setup
    public void setUp() throws IOException {
        Path library = Path.of(System.getProperty("gatehouse.gatekeeperLibrary",
                "/work/shared/conformance/gatekeeper-library")).resolve("library/pod-security-policy");
        if (!Files.isDirectory(library)) {
            throw new IllegalStateException("Gatekeeper library not found at " + library
                    + " (set -Dgatehouse.gatekeeperLibrary)");
        }
        List<String> files = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(library)) {
            for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve("template.yaml"))).sorted().toList()) {
                files.add(dir.resolve("template.yaml").toString());
                try (Stream<Path> samples = Files.list(dir.resolve("samples"))) {
                    samples.map(s -> s.resolve("constraint.yaml")).filter(Files::isRegularFile).sorted().findFirst()
                            .ifPresent(c -> files.add(c.toString()));
                }
            }
        }
        ManifestSet manifests = ManifestReader.read(files, InputStream.nullInputStream());
        LoadedConstraints loaded = ConstraintLoader.load(manifests);
        EnginePreference preference = EnginePreference.parse(engine).orElseThrow();
        constraints = ConstraintEngine.builder().preference(preference)
                .driver(preference == EnginePreference.CEL ? new CelDriver() : new RegoDriver())
                .load(loaded).build();
        if (!constraints.errors().isEmpty()) {
            throw new IllegalStateException("library did not load: " + constraints.errors());
        }
        JsonNode pod = YAMLMapper.builder().build().readTree(podYaml());
        review = new Review("bench", new GroupVersionKind("", "v1", "Pod"),
                new GroupVersionResource("", "v1", "pods"), "", "web", "default", Operation.CREATE, null, pod, null,
                false);
        ReviewOutcome outcome = constraints.evaluate(review, EnforcementPoint.VALIDATION);
        System.err.printf("%s: %d constraints, %d templates without %s code, %d violations, %d skipped%n", engine,
                constraints.constraints().size(), constraints.unavailable().size(), engine,
                outcome.violations().size(), outcome.skipped().size());
    }

    /** The pod to review. */
    protected String podYaml() {
        return POD;
    }

    @Benchmark
    public ReviewOutcome reviewPod() {
        return constraints.evaluate(review, EnforcementPoint.VALIDATION);
    }

    /** Prints the outcome once, to see what the benchmark measures. */
    public static void main(String[] args) throws IOException {
        for (String e : List.of("rego", "cel")) {
            ConstraintBenchmark b = new ConstraintBenchmark();
            b.engine = e;
            b.setUp();
            b.reviewPod().violations().forEach(v -> System.out.println(e + ": " + v.describe()));
        }
    }
}
