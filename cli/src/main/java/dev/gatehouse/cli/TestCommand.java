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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code gatehouse test}, in two modes. {@code test PATH...} runs the {@code test_} rules of Rego files, like
 * {@code opa test}: all {@code .rego} files under the paths are compiled together; {@code .json}/{@code .yaml}
 * files are merged into {@code data}. {@code test -f FILE...} is {@code gator test}: see {@link GatorTestMode}.
 * The options of one mode are refused in the other, with a usage error.
 */
@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        customSynopsis = {
            "gatehouse test [-v] [-r=REGEX] [--v0-compatible] [--per-directory] [--timeout=SECONDS] PATH...",
            "       gatehouse test -f=FILE [-f=FILE]... [-o=FORMAT] [--engine=ENGINE] [--deny-only]",
            "                      [--pod-security=LEVEL[:VERSION]] [--namespace-labels=KEY=VALUE[,KEY=VALUE...]]",
            "                      [-n=NAMESPACE] [--pod-security-config=FILE]"
        },
        description = {
            "Run Rego unit tests (PATH...), or test manifests against Gatekeeper constraints (-f FILE..., gator test).",
            "",
            "Rego test mode (test PATH...), like 'opa test': rules named test_* are run; every .rego file under the",
            "paths is compiled together (or per directory); .json and .yaml files become data.",
            "",
            "gator test mode (test -f FILE...), like 'gator test': the ConstraintTemplates and constraints among the",
            "inputs are loaded, every object is inventory (data.inventory), and every other object is reviewed as a",
            "CREATE against each constraint it matches. Deny violations fail the run; warn and dryrun are reported",
            "only. With --pod-security, or when namespaces carry pod-security.kubernetes.io labels, Pod Security",
            "findings join each object's constraint findings in the same report (as 'gatehouse check' reports them).",
            "Options marked [gator] need -f; the others belong to Rego test mode.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  gatehouse test policy/",
            "  gatehouse test --v0-compatible --per-directory gatekeeper-library/src",
            "  gatehouse test -f examples/gator",
            "  gatehouse test -f templates/ -f constraints/ -f manifest.yaml -o json",
            "  helm template ./chart | gatehouse test -f policy/ -f - --pod-security restricted -o sarif > results.sarif",
            "",
            "Exit codes: Rego test mode: 0 every test passed, 1 a test failed or errored, 2 the policy does not",
            "compile or bad usage. gator test mode: 0 no deny violation, 1 a deny violation (Pod Security: of the",
            "enforced level), 2 bad usage, unreadable input, or a template or constraint that does not load (the rest",
            "is still reported)."
        })
public final class TestCommand implements Callable<Integer> {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Rego and data files or directories (Rego test mode).")
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

    @Mixin
    GatorTestMode gator = new GatorTestMode();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> regoOnly = regoOptionsGiven();
        if (gator.selected()) {
            if (!paths.isEmpty()) {
                return GatorTestMode.usage(err, "PATH arguments (" + paths.get(0) + ") belong to Rego test mode; with -f "
                        + "name every input with -f (e.g. -f a.yaml -f dir/)");
            }
            if (!regoOnly.isEmpty()) {
                return GatorTestMode.usage(err, String.join(", ", regoOnly) + " cannot be used with -f: "
                        + (regoOnly.size() == 1 ? "it belongs" : "they belong") + " to Rego test mode (test PATH...)");
            }
            return gator.run(spec, System.in);
        }
        List<String> gatorOnly = gator.optionsGiven();
        if (!gatorOnly.isEmpty()) {
            return GatorTestMode.usage(err, String.join(", ", gatorOnly) + " " + (gatorOnly.size() == 1 ? "needs" : "need")
                    + " -f FILE (gator test mode)");
        }
        if (paths.isEmpty()) {
            return GatorTestMode.usage(err, "missing PATH (Rego test mode) or -f FILE (gator test mode)");
        }
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

    /** The Rego-test-only options given on the command line, by name. */
    private List<String> regoOptionsGiven() {
        List<String> given = new ArrayList<>();
        ParseResult parsed = spec.commandLine().getParseResult();
        for (String name : List.of("--verbose", "--run", "--v0-compatible", "--per-directory", "--timeout")) {
            if (parsed != null && parsed.hasMatchedOption(name)) {
                given.add(name);
            }
        }
        return given;
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
