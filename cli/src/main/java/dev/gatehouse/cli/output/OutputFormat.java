package dev.gatehouse.cli.output;

import dev.gatehouse.policy.report.Report;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The report formats of {@code check} and {@code test -f}: text for people, the others for machines. */
public enum OutputFormat {
    TEXT(new TextReportWriter()),
    JSON(new JsonReportWriter()),
    YAML(new YamlReportWriter()),
    SARIF(new SarifReportWriter()),
    JUNIT(new JUnitReportWriter());

    private final ReportWriter writer;

    OutputFormat(ReportWriter writer) {
        this.writer = writer;
    }

    /** Parses a format name, case-insensitively. */
    public static Optional<OutputFormat> parse(String name) {
        for (OutputFormat f : values()) {
            if (f.name().equalsIgnoreCase(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The format names, for messages: {@code text, json, yaml, sarif or junit}. */
    public static String names() {
        String all = Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }

    /** Writes the report of {@code gatehouse check}. */
    public void write(Report report, PrintWriter out) {
        write(report, "gatehouse check", out);
    }

    /**
     * Writes a report.
     *
     * @param title the command that made it (JUnit names its test suite so)
     */
    public void write(Report report, String title, PrintWriter out) {
        writer.write(report, title, out);
        out.flush();
    }

    /** Writes one report format. Implementations are stateless. */
    interface ReportWriter {
        void write(Report report, String title, PrintWriter out);
    }
}
