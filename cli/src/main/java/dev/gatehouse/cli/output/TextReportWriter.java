package dev.gatehouse.cli.output;

import dev.gatehouse.policy.document.ManifestError;
import dev.gatehouse.policy.report.Finding;
import dev.gatehouse.policy.report.ObjectResult;
import dev.gatehouse.policy.report.Report;
import java.io.PrintWriter;

/**
 * Readable text: one block per object with findings, each finding with its reason, detail and a hint; input
 * errors with file and line; a closing summary. Objects that pass are not listed, only counted.
 */
final class TextReportWriter implements OutputFormat.ReportWriter {

    @Override
    public void write(Report report, String title, PrintWriter out) {
        for (ManifestError error : report.errors()) {
            out.println("error: " + error);
        }
        for (ObjectResult object : report.objects()) {
            if (object.findings().isEmpty()) {
                continue;
            }
            // Findings that only a warn or audit level raises do not fail the object: say so.
            out.println(object.source() + ":" + object.line() + ": " + object.displayName()
                    + (object.denied() ? " violates " : " has warnings under ") + object.policy());
            for (Finding finding : object.findings()) {
                String prefix = switch (finding.severity()) {
                    case DENY -> "  - ";
                    case WARN -> "  - [warn] ";
                    case DRYRUN -> "  - [dryrun] ";
                };
                out.println(prefix + finding.reason() + " [" + finding.ruleId() + "]");
                if (!finding.detail().isEmpty()) {
                    out.println("      " + finding.detail());
                }
                if (!finding.hint().isEmpty()) {
                    out.println("      fix: " + finding.hint());
                }
            }
        }
        long evaluated = report.objects().size();
        long failing = report.objects().stream().filter(o -> !o.findings().isEmpty()).count();
        out.println(evaluated + " object" + (evaluated == 1 ? "" : "s") + " checked, "
                + failing + " with violations, " + report.findingCount() + " violation" + (report.findingCount() == 1 ? "" : "s")
                + (report.errors().isEmpty() ? "" : ", " + report.errors().size() + " input error" + (report.errors().size() == 1 ? "" : "s")));
    }
}
