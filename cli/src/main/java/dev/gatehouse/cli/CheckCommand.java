package dev.gatehouse.cli;

import dev.gatehouse.cli.output.OutputFormat;
import dev.gatehouse.policy.document.ManifestReader;
import dev.gatehouse.policy.document.ManifestSet;
import dev.gatehouse.policy.podsecurity.Level;
import dev.gatehouse.policy.podsecurity.LevelVersion;
import dev.gatehouse.policy.podsecurity.Version;
import dev.gatehouse.policy.podsecurity.config.ConfigurationException;
import dev.gatehouse.policy.podsecurity.config.PodSecurityConfiguration;
import dev.gatehouse.policy.podsecurity.config.PodSecurityConfigurationLoader;
import dev.gatehouse.policy.podsecurity.offline.PodSecurityManifestChecker;
import dev.gatehouse.policy.report.Report;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse check}: Pod Security Standards on manifests, offline — for CI and pre-commit hooks. The same
 * checks and messages as the admission webhook.
 */
@Command(
        name = "check",
        description = {
            "Check Kubernetes manifests against the Pod Security Standards, offline.",
            "",
            "Every Pod and pod controller (ReplicationController, PodTemplate, ReplicaSet, Deployment, StatefulSet,",
            "DaemonSet, Job, CronJob) is evaluated at --level/--version, or, without --level, as its namespace would",
            "evaluate it: the labels of a Namespace manifest among the inputs, else --namespace-labels, else the",
            "defaults of --config (privileged when there is none). A controller is checked as the pods it creates.",
            "Other objects are skipped."
        },
        footer = {
            "",
            "Examples:",
            "  gatehouse check --level restricted examples/pod-security/",
            "  helm template ./chart | gatehouse check --level baseline -",
            "  gatehouse check --namespace-labels pod-security.kubernetes.io/enforce=restricted -o sarif k8s/ > psa.sarif",
            "",
            "Exit codes: 0 no violations, 1 violations of an enforced level, 2 bad usage or input that could not be read",
            "(the other documents are still checked and reported)."
        },
        sortOptions = false)
public final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(paramLabel = "PATH", arity = "1..*",
            description = "Files or directories (read recursively: *.yaml, *.yml, *.json); '-' reads standard input.")
    List<String> paths = new ArrayList<>();

    @Option(names = {"-l", "--level"}, paramLabel = "LEVEL",
            description = "Evaluate every object at this level: privileged, baseline or restricted (ignores namespace labels).")
    String level;

    @Option(names = "--version", paramLabel = "VERSION", defaultValue = "latest",
            description = "Policy version with --level: latest or v1.N (default: ${DEFAULT-VALUE}).")
    String version;

    @Option(names = "--namespace-labels", paramLabel = "KEY=VALUE", split = ",",
            description = "Labels of namespaces that are not among the inputs, e.g. pod-security.kubernetes.io/enforce=baseline.")
    Map<String, String> namespaceLabels = new LinkedHashMap<>();

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", defaultValue = "default",
            description = "Namespace of objects that name none (default: ${DEFAULT-VALUE}).")
    String defaultNamespace;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A PodSecurityConfiguration file (v1, v1beta1 or v1alpha1): defaults and exemptions.")
    Path config;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json, yaml, sarif or junit (default: ${DEFAULT-VALUE}).")
    String output;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        OutputFormat format = OutputFormat.parse(output).orElse(null);
        if (format == null) {
            return usage(err, "unknown output format '" + output + "' (expected " + OutputFormat.names() + ")");
        }
        LevelVersion fixed = null;
        if (level != null) {
            Level parsedLevel = Level.parse(level).orElse(null);
            if (parsedLevel == null) {
                return usage(err, "invalid --level '" + level + "': must be one of privileged, baseline, restricted");
            }
            Version parsedVersion = Version.parse(version).orElse(null);
            if (parsedVersion == null) {
                return usage(err, "invalid --version '" + version + "': must be \"latest\" or \"v1.x\"");
            }
            fixed = LevelVersion.of(parsedLevel, parsedVersion);
        } else if (!version.equals("latest")) {
            return usage(err, "--version needs --level (namespace labels carry their own versions)");
        }
        PodSecurityConfiguration configuration = PodSecurityConfiguration.DEFAULT;
        if (config != null) {
            try {
                configuration = PodSecurityConfigurationLoader.load(config);
            } catch (ConfigurationException e) {
                err.println("gatehouse check: " + e.getMessage());
                return ExitCodes.USAGE_OR_INPUT;
            }
        }

        ManifestSet input = ManifestReader.read(paths, System.in);
        PodSecurityManifestChecker checker = new PodSecurityManifestChecker(
                configuration, fixed, namespaceLabels, defaultNamespace);
        Report report = checker.check(input.manifests(), input.errors());
        format.write(report, spec.commandLine().getOut());
        if (!report.errors().isEmpty()) {
            return ExitCodes.USAGE_OR_INPUT;
        }
        return report.deniedObjects() > 0 ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    private int usage(PrintWriter err, String message) {
        err.println("gatehouse check: " + message);
        err.println("Run 'gatehouse check --help' for usage.");
        return ExitCodes.USAGE_OR_INPUT;
    }
}
