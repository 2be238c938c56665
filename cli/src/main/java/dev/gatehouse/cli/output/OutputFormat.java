package dev.gatehouse.cli.output;

import dev.gatehouse.policy.report.Report;
import java.io.PrintWriter;

/** The report formats of {@code check} (and later {@code test}): text for people, the others for machines. */
public enum OutputFormat {
    TEXT(new TextReportWriter()),
    JSON(new JsonReportWriter()),
    SARIF(new SarifReportWriter()),
    JUNIT(new JUnitReportWriter());

    private final ReportWriter writer;

    OutputFormat(ReportWriter writer) {
        this.writer = writer;
    }

    public void write(Report report, PrintWriter out) {
        writer.write(report, out);
        out.flush();
    }

    /** Writes one report format. Implementations are stateless. */
    interface ReportWriter {
        void write(Report report, PrintWriter out);
    }
}
