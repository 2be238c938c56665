package dev.gatehouse.cli.output;

import dev.gatehouse.policy.report.Report;
import java.io.PrintWriter;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/** YAML: the same document as the JSON format ({@code results}, {@code errors}, {@code summary}), for people who read YAML. */
final class YamlReportWriter implements OutputFormat.ReportWriter {

    // Plain scalars where safe and no folding of long messages: the output is read by people as often as by tools.
    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .disable(YAMLWriteFeature.SPLIT_LINES)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();

    @Override
    public void write(Report report, String title, PrintWriter out) {
        out.print(MAPPER.writeValueAsString(ReportTree.of(report)));
    }
}
