package dev.gatehouse.cli;

import dev.gatehouse.rego.RegoException;
import dev.gatehouse.rego.ast.RegoVersion;
import dev.gatehouse.rego.testing.RegoTestRunner;
import dev.gatehouse.rego.testing.TestResult;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code gatehouse test}: runs the {@code test_} rules of Rego files, like {@code opa test}. All {@code .rego}
 * files under the paths are compiled together; {@code .json}/{@code .yaml} files are merged into {@code data}.
 */
@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        description = {
            "Run Rego unit tests (rules named test_*), like 'opa test'.",
            "Every .rego file under the paths is compiled together; .json and .yaml files become data."
        },
        footer = {
            "",
            "Examples:",
            "  gatehouse test policy/",
            "  gatehouse test --v0-compatible --per-directory gatekeeper-library/src",
            "",
            "Exit codes: 0 every test passed, 1 a test failed or errored, 2 the policy does not compile or bad usage."
        })
public final class TestCommand implements Callable<Integer> {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Rego and data files or directories.")
    List<Path> paths = new ArrayList<>();

    @Option(names = {"-v", "--verbose"}, description = "List every test, not only failures.")
    boolean verbose;

    @Option(names = {"-r", "--run"}, paramLabel = "REGEX", description = "Run only tests whose path matches.")
    String run;

    @Option(names = "--v0-compatible", description = "Parse the modules as Rego v0 (default: v1, as OPA 1.x).")
    boolean v0;

    @Option(names = "--per-directory",
            description = "Compile the .rego files of each directory on their own (one bundle per directory), as the "
                    + "Gatekeeper library keeps one template per directory; default: everything together, as opa test.")
    boolean perDirectory;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "Deadline per test in seconds (default: ${DEFAULT-VALUE}; 0 = none).")
    double timeoutSeconds;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Pattern filter = null;
        if (run != null) {
            try {
                filter = Pattern.compile(run);
            } catch (PatternSyntaxException e) {
                err.println("gatehouse test: invalid --run pattern: " + e.getDescription());
                return ExitCodes.USAGE_OR_INPUT;
            }
        }
        Map<String, Map<String, String>> bundles = new LinkedHashMap<>();
        ObjectValue data = ObjectValue.EMPTY;
        for (Path path : paths) {
            if (!Files.exists(path)) {
                err.println("gatehouse test: " + path + ": no such file or directory");
                return ExitCodes.USAGE_OR_INPUT;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(path)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : files) {
                String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                if (name.endsWith(".rego")) {
                    String bundle = perDirectory ? String.valueOf(file.getParent()) : "";
                    bundles.computeIfAbsent(bundle, k -> new LinkedHashMap<>())
                            .put(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
                } else if (name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml")) {
                    Value value;
                    try {
                        value = name.endsWith(".json") ? ValueJson.parse(Files.readString(file, StandardCharsets.UTF_8))
                                : ValueJson.fromNode(YAML.readTree(Files.readString(file, StandardCharsets.UTF_8)));
                    } catch (RuntimeException e) {
                        err.println("gatehouse test: " + file + ": " + e.getMessage());
                        return ExitCodes.USAGE_OR_INPUT;
                    }
                    if (value instanceof ObjectValue object) {
                        data = merge(data, object);
                    }
                }
            }
        }
        if (bundles.isEmpty()) {
            err.println("gatehouse test: no .rego files found");
            return ExitCodes.USAGE_OR_INPUT;
        }
        Duration timeout = timeoutSeconds <= 0 ? null : Duration.ofMillis((long) (timeoutSeconds * 1000));
        List<String> printed = new ArrayList<>();
        List<TestResult> results = new ArrayList<>();
        int compileErrors = 0;
        for (Map<String, String> modules : bundles.values()) {
            RegoTestRunner runner;
            try {
                runner = RegoTestRunner.compile(modules, v0 ? RegoVersion.V0 : RegoVersion.V1);
            } catch (RegoException e) {
                err.println(e.getMessage());
                compileErrors++;
                continue;
            }
            results.addAll(runner.run(filter, data, timeout, printed::add, Clock.systemUTC()));
        }
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        String file = null;
        for (TestResult result : results) {
            switch (result.outcome()) {
                case PASS -> passed++;
                case SKIPPED -> skipped++;
                default -> failed++;
            }
            boolean show = verbose || result.outcome() == TestResult.Outcome.FAIL || result.outcome() == TestResult.Outcome.ERROR;
            if (!show) {
                continue;
            }
            if (!result.file().equals(file)) {
                file = result.file();
                out.println(file + ":");
            }
            out.printf(Locale.ROOT, "%s: %s (%s)%s%n", result.name(), result.outcome(), format(result.duration()),
                    result.message().isEmpty() || result.outcome() == TestResult.Outcome.PASS ? "" : "\n  " + result.message());
        }
        if (verbose && !printed.isEmpty()) {
            out.println("print output:");
            printed.forEach(line -> out.println("  " + line));
        }
        out.println("-".repeat(80));
        int total = passed + failed;
        if (failed == 0) {
            out.println("PASS: " + passed + "/" + total + (skipped > 0 ? " (" + skipped + " skipped)" : ""));
        } else {
            out.println("PASS: " + passed + "/" + total);
            out.println("FAIL: " + failed + "/" + total);
        }
        out.println(passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : ""));
        out.flush();
        if (compileErrors > 0) {
            return ExitCodes.USAGE_OR_INPUT;
        }
        return failed == 0 ? ExitCodes.OK : ExitCodes.FINDINGS;
    }

    private static String format(Duration d) {
        long micros = d.toNanos() / 1000;
        return micros < 1000 ? micros + "µs" : String.format(Locale.ROOT, "%.1fms", micros / 1000.0);
    }

    private static ObjectValue merge(ObjectValue a, ObjectValue b) {
        ObjectValue out = a;
        for (int i = 0; i < b.size(); i++) {
            Value k = b.keyAt(i);
            Value existing = out.get(k);
            Value v = b.valueAt(i);
            out = out.with(k, existing instanceof ObjectValue eo && v instanceof ObjectValue vo ? merge(eo, vo) : v);
        }
        return out;
    }
}
