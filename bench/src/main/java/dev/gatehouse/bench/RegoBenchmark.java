package dev.gatehouse.bench;

import dev.gatehouse.rego.PreparedQuery;
import dev.gatehouse.rego.QueryResult;
import dev.gatehouse.rego.Rego;
import dev.gatehouse.rego.ast.RegoVersion;
import dev.gatehouse.rego.testing.RegoTestRunner;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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

/**
 * Prepared evaluation of three Gatekeeper library policies (src.rego with its libs, read in place from the
 * conformance folder, never copied) on a typical three-container pod, and the compile time of the whole library.
 * For reference, OPA 0.61's {@code opa bench} measures about 65 µs per evaluation of privileged-containers with a
 * three-container pod on these machines.
 *
 * <p>Run: {@code java -Dgatehouse.gatekeeperLibrary=../shared/conformance/gatekeeper-library -jar
 * bench/target/benchmarks.jar RegoBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = ServerJvm.GC)
public class RegoBenchmark {

    static final Path LIBRARY = Path.of(System.getProperty("gatehouse.gatekeeperLibrary",
            "../shared/conformance/gatekeeper-library"));

    private static final String POD_TEMPLATE = """
            {"kind": {"group": "", "version": "v1", "kind": "Pod"}, "operation": "CREATE",
             "name": "web", "namespace": "shop",
             "object": {"apiVersion": "v1", "kind": "Pod",
               "metadata": {"name": "web", "namespace": "shop", "labels": {"app": "web", "owner": "team-a"}},
               "spec": {"containers": [
                 %s, %s, %s
               ]}}}
            """;
    private static final String POD = pod("100m", "128Mi");

    /**
     * Distinct pods for {@link #containerLimitsDistinctUnits}: more distinct limits than the engine keeps shared
     * function results for, so unit parsing runs on (nearly) every evaluation, as with a stream of varied requests.
     */
    private static final int DISTINCT_PODS = 10_000;

    private PreparedQuery privileged;
    private PreparedQuery requiredLabels;
    private PreparedQuery containerLimits;
    private Value privilegedInput;
    private Value requiredLabelsInput;
    private Value containerLimitsInput;

    private static String pod(String cpu, String memory) {
        return POD_TEMPLATE.formatted(container("web", cpu, memory), container("sidecar", cpu, memory),
                container("logs", cpu, memory));
    }

    private static String container(String name, String cpu, String memory) {
        return """
                {"name": "%s", "image": "registry.example.com/%s:1.0",
                 "securityContext": {"privileged": false, "allowPrivilegeEscalation": false},
                 "resources": {"limits": {"cpu": "%s", "memory": "%s"}, "requests": {"cpu": "50m", "memory": "64Mi"}}}
                """.formatted(name, name, cpu, memory);
    }

    @Setup
    public void setUp() {
        privileged = prepare("src/pod-security-policy/privileged-containers", "data.k8spspprivileged.violation");
        requiredLabels = prepare("src/general/requiredlabels", "data.k8srequiredlabels.violation");
        containerLimits = prepare("src/general/containerlimits", "data.k8scontainerlimits.violation");
        privilegedInput = input("{}");
        requiredLabelsInput = input("{\"labels\": [{\"key\": \"owner\"}, {\"key\": \"app\", \"allowedRegex\": \"^[a-z]+$\"}]}");
        containerLimitsInput = input("{\"cpu\": \"200m\", \"memory\": \"1Gi\"}");
        for (List<QueryResult> r : List.of(privileged.evaluate(privilegedInput), requiredLabels.evaluate(requiredLabelsInput),
                containerLimits.evaluate(containerLimitsInput))) {
            // A compliant pod: each policy must be defined and report no violation.
            if (r.isEmpty() || !r.get(0).expressions().get(0).toString().equals("set()")) {
                throw new IllegalStateException("benchmark pod must comply with every policy, got " + r);
            }
        }
    }

    private static Value input(String parameters) {
        return ValueJson.parse("{\"review\": " + POD + ", \"parameters\": " + parameters + "}");
    }

    private static PreparedQuery prepare(String dir, String query) {
        Rego.Builder builder = Rego.builder().regoVersion(RegoVersion.V0).query(query);
        regoFiles(LIBRARY.resolve(dir)).forEach((name, source) -> {
            if (!name.endsWith("_test.rego")) {
                builder.module(name, source);
            }
        });
        return builder.build();
    }

    private static Map<String, String> regoFiles(Path dir) {
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.list(dir)) {
            for (Path file : walk.filter(f -> f.toString().endsWith(".rego")).sorted().toList()) {
                files.put(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + " (set -Dgatehouse.gatekeeperLibrary)", e);
        }
        return files;
    }

    @Benchmark
    public List<QueryResult> privilegedContainers() {
        return privileged.evaluate(privilegedInput);
    }

    @Benchmark
    public List<QueryResult> requiredLabels() {
        return requiredLabels.evaluate(requiredLabelsInput);
    }

    @Benchmark
    public List<QueryResult> containerLimits() {
        return containerLimits.evaluate(containerLimitsInput);
    }

    /** Container-limits pods with distinct limits, in their own state so the other benchmarks never build them. */
    @State(Scope.Benchmark)
    public static class DistinctUnits {
        PreparedQuery query;
        Value[] inputs;
        int next;

        @Setup
        public void setUp() {
            query = prepare("src/general/containerlimits", "data.k8scontainerlimits.violation");
            inputs = new Value[DISTINCT_PODS];
            for (int i = 0; i < DISTINCT_PODS; i++) {
                // cpu 0.1xxxx cores (< 200m), memory 1000..10999 Ki (< 1Gi): all compliant, all distinct.
                inputs[i] = ValueJson.parse("{\"review\": " + pod("0.1" + i, (1000 + i) + "Ki")
                        + ", \"parameters\": {\"cpu\": \"200m\", \"memory\": \"1Gi\"}}");
                if (!query.evaluate(inputs[i]).get(0).expressions().get(0).toString().equals("set()")) {
                    throw new IllegalStateException("distinct pod " + i + " must comply with container-limits");
                }
            }
        }
    }

    /** As {@link #containerLimits}, each evaluation with limits not seen recently (no shared unit parsing). */
    @Benchmark
    public List<QueryResult> containerLimitsDistinctUnits(DistinctUnits state) {
        Value in = state.inputs[state.next];
        state.next = state.next + 1 == DISTINCT_PODS ? 0 : state.next + 1;
        return state.query.evaluate(in);
    }

    /** Parses and compiles every directory of the library's src/ (one bundle per directory, tests included). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int compileWholeLibrary() throws IOException {
        int tests = 0;
        try (Stream<Path> walk = Files.walk(LIBRARY.resolve("src"))) {
            for (Path dir : walk.filter(Files::isDirectory).toList()) {
                Map<String, String> files = regoFiles(dir);
                if (!files.isEmpty()) {
                    tests += RegoTestRunner.compile(files, RegoVersion.V0).size();
                }
            }
        }
        return tests;
    }
}
