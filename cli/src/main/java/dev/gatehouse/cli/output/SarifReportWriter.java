package dev.gatehouse.cli.output;

import dev.gatehouse.policy.document.ManifestError;
import dev.gatehouse.policy.report.Finding;
import dev.gatehouse.policy.report.ObjectResult;
import dev.gatehouse.policy.report.Report;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * SARIF 2.1.0, the format code-scanning UIs read: one rule per check that fired, one result per finding located
 * at the object's first line, input errors as results of the rule {@code input-error}.
 */
final class SarifReportWriter implements OutputFormat.ReportWriter {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    static final String INPUT_ERROR_RULE = "input-error";

    @Override
    public void write(Report report, String title, PrintWriter out) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "gatehouse");
        driver.put("informationUri", "https://kubernetes.io/docs/concepts/security/pod-security-standards/");
        ArrayNode rules = driver.putArray("rules");
        ArrayNode results = run.putArray("results");

        Map<String, Finding> ruleExamples = new LinkedHashMap<>();
        for (ObjectResult object : report.objects()) {
            for (Finding finding : object.findings()) {
                ruleExamples.putIfAbsent(finding.ruleId(), finding);
                ObjectNode result = results.addObject();
                result.put("ruleId", finding.ruleId());
                result.put("level", switch (finding.severity()) {
                    case DENY -> "error";
                    case WARN -> "warning";
                    case DRYRUN -> "note";
                });
                result.putObject("message").put("text",
                        object.displayName() + " violates " + object.policy() + ": " + finding.message());
                location(result, object.source(), object.line());
            }
        }
        for (ManifestError error : report.errors()) {
            ObjectNode result = results.addObject();
            result.put("ruleId", INPUT_ERROR_RULE);
            result.put("level", "error");
            result.putObject("message").put("text", error.message());
            location(result, error.source(), error.line());
        }
        for (Map.Entry<String, Finding> rule : ruleExamples.entrySet()) {
            ObjectNode r = rules.addObject();
            r.put("id", rule.getKey());
            r.putObject("shortDescription").put("text", rule.getValue().reason());
            if (!rule.getValue().hint().isEmpty()) {
                r.putObject("help").put("text", rule.getValue().hint());
            }
        }
        if (!report.errors().isEmpty()) {
            ObjectNode r = rules.addObject();
            r.put("id", INPUT_ERROR_RULE);
            r.putObject("shortDescription").put("text", "input that could not be read or decoded");
        }
        out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    private static void location(ObjectNode result, String source, int line) {
        ObjectNode physical = result.putArray("locations").addObject().putObject("physicalLocation");
        physical.putObject("artifactLocation").put("uri", source);
        physical.putObject("region").put("startLine", Math.max(line, 1));
    }
}
