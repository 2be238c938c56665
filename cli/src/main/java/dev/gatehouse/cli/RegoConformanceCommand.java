package dev.gatehouse.cli;

import dev.gatehouse.rego.conformance.ComplianceRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse conformance rego DIR}: runs OPA's Rego compliance cases (the {@code v0/} and {@code v1/}
 * folders of DIR) against the native engine and prints pass counts per category and a final
 * {@code N passed, N failed} line. With {@code --floor}, exits 1 when the pass rate is below the floor.
 */
@Command(
        name = "rego",
        mixinStandardHelpOptions = true,
        description = {
            "Run OPA's Rego compliance suite (v0/ and v1/ folders of YAML cases) against the built-in engine.",
            "Prints passed/total per category and a final 'N passed, N failed' line."
        })
public final class RegoConformanceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder holding the v0/ and v1/ case folders.")
    Path dir;

    @Option(names = "--rego-version", paramLabel = "v0|v1|all", defaultValue = "all",
            description = "Which language version's cases to run (default: ${DEFAULT-VALUE}).")
    String version;

    @Option(names = "--floor", paramLabel = "PERCENT",
            description = "Exit with status 1 if the pass rate is below PERCENT (0-100).")
    Double floor;

    @Option(names = {"-v", "--verbose"}, description = "List every failing case with the reason.")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        java.io.PrintWriter out = spec.commandLine().getOut();
        List<String> versions = switch (version.toLowerCase(Locale.ROOT)) {
            case "v0" -> List.of("v0");
            case "v1" -> List.of("v1");
            case "all" -> List.of("v0", "v1");
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--rego-version must be one of v0, v1, all but was '" + version + "'");
        };
        if (floor != null && (floor < 0 || floor > 100)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--floor must be between 0 and 100 but was " + floor);
        }
        if (!Files.isDirectory(dir)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "not a directory: " + dir);
        }
        for (String v : versions) {
            if (!Files.isDirectory(dir.resolve(v))) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "no " + v + "/ folder in " + dir);
            }
        }
        ComplianceRunner.Report report = new ComplianceRunner().run(dir, versions);
        report.print(out, verbose);
        out.flush();
        if (floor != null && report.passRate() < floor) {
            spec.commandLine().getErr().printf(Locale.ROOT, "pass rate %.1f%% is below the floor of %.1f%%%n",
                    report.passRate(), floor);
            return ExitCodes.FINDINGS;
        }
        return ExitCodes.OK;
    }
}
