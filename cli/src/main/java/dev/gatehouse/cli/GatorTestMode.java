package dev.gatehouse.cli;

import dev.gatehouse.cli.output.OutputFormat;
import dev.gatehouse.policy.constraint.driver.cel.CelDriver;
import dev.gatehouse.policy.constraint.driver.rego.RegoDriver;
import dev.gatehouse.policy.constraint.engine.EnginePreference;
import dev.gatehouse.policy.constraint.gator.GatorTestResult;
import dev.gatehouse.policy.constraint.gator.GatorTestRunner;
import dev.gatehouse.policy.document.Manifest;
import dev.gatehouse.policy.document.ManifestReader;
import dev.gatehouse.policy.document.ManifestSet;
import dev.gatehouse.policy.podsecurity.Level;
import dev.gatehouse.policy.podsecurity.LevelVersion;
import dev.gatehouse.policy.podsecurity.Version;
import dev.gatehouse.policy.podsecurity.config.ConfigurationException;
import dev.gatehouse.policy.podsecurity.config.PodSecurityConfiguration;
import dev.gatehouse.policy.podsecurity.config.PodSecurityConfigurationLoader;
import dev.gatehouse.policy.podsecurity.offline.PodSecurityManifestChecker;
import dev.gatehouse.policy.report.Finding;
import dev.gatehouse.policy.report.ObjectResult;
import dev.gatehouse.policy.report.Report;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The options and the run of {@code gatehouse test -f FILE...}, the gator test mode of {@link TestCommand} (mixed
 * into it, so that {@code test --help} shows both modes): templates and constraints among the inputs are loaded,
 * every object is inventory, every other object is reviewed, optionally with Pod Security, and the result is one
 * report in the formats of {@code check}. Exit 1 only for deny findings; 2 for unreadable input or policy that
 * does not load (everything else is still reported).
 */
final class GatorTestMode {

    private static final String POD_SECURITY_LABEL_PREFIX = "pod-security.kubernetes.io/";

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE", order = 100,
            description = "[gator] A file or directory (read recursively: *.yaml, *.yml, *.json) of templates, "
                    + "constraints and objects; '-' reads standard input. Repeatable; selects gator test mode.")
    List<String> filenames = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", order = 101,
            description = "[gator] text, json, yaml, sarif or junit (default: text).")
    String output;

    @Option(names = "--engine", paramLabel = "ENGINE", order = 102,
            description = "[gator] Which code of a template to run: rego, cel or auto (CEL when present; default: auto).")
    String engine;

    @Option(names = "--deny-only", order = 103,
            description = "[gator] Report only deny findings (warn and dryrun never fail the run either way).")
    boolean denyOnly;

    @Option(names = "--pod-security", paramLabel = "LEVEL[:VERSION]", order = 104,
            description = "[gator] Also check every pod and pod controller at this Pod Security level, e.g. "
                    + "restricted or baseline:v1.30 (namespace labels are then ignored).")
    String podSecurity;

    @Option(names = "--namespace-labels", paramLabel = "KEY=VALUE", split = ",", order = 105,
            description = "[gator] Labels of namespaces not among the inputs, as in check; turns on Pod Security by "
                    + "namespace labels (also on when a Namespace among the inputs has pod-security.kubernetes.io/ labels).")
    Map<String, String> namespaceLabels = new LinkedHashMap<>();

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", order = 106,
            description = "[gator] Namespace Pod Security assumes for objects that name none (default: default).")
    String defaultNamespace;

    @Option(names = "--pod-security-config", paramLabel = "FILE", order = 107,
            description = "[gator] A PodSecurityConfiguration (defaults and exemptions), as check --config; turns on "
                    + "Pod Security by namespace labels.")
    Path podSecurityConfig;

    /** Whether {@code -f} was given: the command is gator test. */
    boolean selected() {
        return !filenames.isEmpty();
    }

    /** The gator-only options given, by name, for the error when they come without {@code -f}. */
    List<String> optionsGiven() {
        List<String> given = new ArrayList<>();
        if (output != null) {
            given.add("--output");
        }
        if (engine != null) {
            given.add("--engine");
        }
        if (denyOnly) {
            given.add("--deny-only");
        }
        if (podSecurity != null) {
            given.add("--pod-security");
        }
        if (!namespaceLabels.isEmpty()) {
            given.add("--namespace-labels");
        }
        if (defaultNamespace != null) {
            given.add("--namespace");
        }
        if (podSecurityConfig != null) {
            given.add("--pod-security-config");
        }
        return given;
    }

    int run(CommandSpec spec, InputStream stdin) {
        PrintWriter err = spec.commandLine().getErr();
        OutputFormat format = OutputFormat.parse(output == null ? "text" : output).orElse(null);
        if (format == null) {
            return usage(err, "unknown output format '" + output + "' (expected " + OutputFormat.names() + ")");
        }
        EnginePreference preference = EnginePreference.parse(engine == null ? "auto" : engine).orElse(null);
        if (preference == null) {
            return usage(err, "--engine must be rego, cel or auto, not \"" + engine + "\"");
        }
        LevelVersion fixed = null;
        if (podSecurity != null) {
            fixed = parseLevel(podSecurity);
            if (fixed == null) {
                return usage(err, "invalid --pod-security '" + podSecurity + "': expected LEVEL[:VERSION], LEVEL one of "
                        + "privileged, baseline, restricted, VERSION latest or v1.N");
            }
        }
        PodSecurityConfiguration configuration = PodSecurityConfiguration.DEFAULT;
        if (podSecurityConfig != null) {
            try {
                configuration = PodSecurityConfigurationLoader.load(podSecurityConfig);
            } catch (ConfigurationException e) {
                err.println("gatehouse test: " + e.getMessage());
                err.flush();
                return ExitCodes.USAGE_OR_INPUT;
            }
        }

        ManifestSet input = ManifestReader.read(filenames, stdin);
        if (input.manifests().isEmpty() && input.errors().isEmpty()) {
            err.println("gatehouse test: no input data identified in " + String.join(", ", filenames));
            err.flush();
            return ExitCodes.USAGE_OR_INPUT;
        }
        PodSecurityManifestChecker checker = null;
        if (fixed != null || !namespaceLabels.isEmpty() || podSecurityConfig != null || labelledNamespace(input)) {
            checker = new PodSecurityManifestChecker(configuration, fixed, namespaceLabels,
                    defaultNamespace == null ? "default" : defaultNamespace);
        }
        // Auto prefers CEL when a template has both; the engine picks by preference, not by this order.
        GatorTestRunner runner = new GatorTestRunner(List.of(new CelDriver(), new RegoDriver()), preference, checker);
        GatorTestResult result = runner.run(input);
        for (Map.Entry<String, String> e : result.unavailable().entrySet()) {
            err.println("gatehouse test: warning: constraints of kind " + e.getKey() + " are not evaluated: "
                    + e.getValue() + " (--engine " + preference + ")");
        }
        err.flush();
        Report report = denyOnly ? denyOnly(result.report()) : result.report();
        format.write(report, "gatehouse test", spec.commandLine().getOut());
        if (!report.errors().isEmpty()) {
            return ExitCodes.USAGE_OR_INPUT;
        }
        return result.denied() ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    /** {@code LEVEL} or {@code LEVEL:VERSION}; null when either part is invalid. */
    static LevelVersion parseLevel(String text) {
        int colon = text.indexOf(':');
        Level level = Level.parse(colon < 0 ? text : text.substring(0, colon)).orElse(null);
        Version version = Version.parse(colon < 0 ? "latest" : text.substring(colon + 1)).orElse(null);
        return level == null || version == null ? null : LevelVersion.of(level, version);
    }

    private static boolean labelledNamespace(ManifestSet input) {
        for (Manifest m : input.manifests()) {
            if (m.kind().equals("Namespace") && m.apiVersion().equals("v1")) {
                for (Map.Entry<String, tools.jackson.databind.JsonNode> label
                        : m.object().path("metadata").path("labels").properties()) {
                    if (label.getKey().startsWith(POD_SECURITY_LABEL_PREFIX)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static Report denyOnly(Report report) {
        List<ObjectResult> objects = new ArrayList<>(report.objects().size());
        for (ObjectResult o : report.objects()) {
            objects.add(new ObjectResult(o.source(), o.line(), o.apiVersion(), o.kind(), o.namespace(), o.name(),
                    o.policy(), o.findings().stream().filter(f -> f.severity() == Finding.Severity.DENY).toList(),
                    o.note()));
        }
        return new Report(objects, report.errors());
    }

    static int usage(PrintWriter err, String message) {
        err.println("gatehouse test: " + message);
        err.println("Run 'gatehouse test --help' for usage.");
        err.flush();
        return ExitCodes.USAGE_OR_INPUT;
    }
}
