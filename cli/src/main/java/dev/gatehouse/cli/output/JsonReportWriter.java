package dev.gatehouse.cli.output;

import dev.gatehouse.policy.report.Report;
import java.io.PrintWriter;
import tools.jackson.databind.json.JsonMapper;

/** JSON: {@code {"results": [...], "errors": [...], "summary": {...}}}; every object is listed, passing or not. */
final class JsonReportWriter implements OutputFormat.ReportWriter {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @Override
    public void write(Report report, String title, PrintWriter out) {
        out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(ReportTree.of(report)));
    }
}
