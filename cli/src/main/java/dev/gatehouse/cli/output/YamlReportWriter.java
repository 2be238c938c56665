package dev.gatehouse.cli.output;

import dev.gatehouse.policy.report.Report;
import java.io.PrintWriter;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** YAML: the same document as the JSON format ({@code results}, {@code errors}, {@code summary}), for people who read YAML. */
final class YamlReportWriter implements OutputFormat.ReportWriter {

    private static final YAMLMapper MAPPER = YAMLMapper.builder().build();

    @Override
    public void write(Report report, String title, PrintWriter out) {
        out.print(MAPPER.writeValueAsString(ReportTree.of(report)));
    }
}
