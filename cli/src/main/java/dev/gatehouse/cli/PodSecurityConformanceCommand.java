package dev.gatehouse.cli;

import dev.gatehouse.policy.podsecurity.conformance.ConformanceReport;
import dev.gatehouse.policy.podsecurity.conformance.ConformanceReport.Failure;
import dev.gatehouse.policy.podsecurity.conformance.ConformanceReport.Status;
import dev.gatehouse.policy.podsecurity.conformance.ConformanceReport.Tally;
import dev.gatehouse.policy.podsecurity.conformance.PodSecurityConformance;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse conformance pod-security DIR}: evaluates upstream's Pod Security fixtures
 * ({@code DIR/testdata/<level>/v1.<minor>/{pass,fail}/*.yaml}, judged by {@code DIR/EXPECTED.md}) and prints a
 * summary by level and version, the failing fixtures, and last the line {@code N passed, N failed}.
 */
@Command(
        name = "pod-security",
        mixinStandardHelpOptions = true,
        description = "Run the upstream Pod Security Admission fixtures against the Pod Security evaluator.",
        footer = {"", "Exit codes: 0 all fixtures pass, 1 some fail, 2 the folder is missing, unreadable or empty."})
final class PodSecurityConformanceCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR",
            description = "The conformance folder, holding EXPECTED.md and testdata/.")
    Path folder;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConformanceReport report = PodSecurityConformance.standard().run(folder);
        if (report.status() != Status.COMPLETED) {
            err.println("gatehouse conformance pod-security: " + report.problem());
            return ExitCodes.USAGE_OR_INPUT;
        }
        if (report.total() == 0) {
            err.println("gatehouse conformance pod-security: no fixtures found under " + folder.resolve("testdata"));
            return ExitCodes.USAGE_OR_INPUT;
        }
        out.println("Pod Security conformance: " + folder);
        out.printf("%-12s %-8s %7s %7s%n", "LEVEL", "VERSION", "PASSED", "FAILED");
        for (Tally tally : report.tallies()) {
            out.printf("%-12s %-8s %7d %7d%n", tally.level(), tally.version(), tally.passed(), tally.failed());
        }
        if (!report.failures().isEmpty()) {
            out.println();
            out.println("Failing fixtures:");
            for (Failure failure : report.failures()) {
                out.println("  " + failure.file());
                out.println("    expected: " + failure.expected());
                out.println("    actual:   " + failure.actual());
            }
        }
        out.println();
        out.println(report.passed() + " passed, " + report.failed() + " failed");
        out.flush();
        return report.failed() == 0 ? ExitCodes.OK : ExitCodes.FINDINGS;
    }
}
