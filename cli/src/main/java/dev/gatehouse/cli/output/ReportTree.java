package dev.gatehouse.cli.output;

import dev.gatehouse.policy.document.ManifestError;
import dev.gatehouse.policy.report.Finding;
import dev.gatehouse.policy.report.ObjectResult;
import dev.gatehouse.policy.report.Report;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The document the JSON and YAML formats serialise: {@code {"results": [...], "errors": [...], "summary": {...}}},
 * every object listed, passing or not. One shape for both so that a consumer can switch formats freely.
 */
final class ReportTree {
    private ReportTree() {}

    static ObjectNode of(Report report) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        ArrayNode results = root.putArray("results");
        for (ObjectResult object : report.objects()) {
            ObjectNode o = results.addObject();
            o.put("file", object.source());
            o.put("line", object.line());
            o.put("apiVersion", object.apiVersion());
            o.put("kind", object.kind());
            o.put("namespace", object.namespace());
            o.put("name", object.name());
            o.put("policy", object.policy());
            o.put("allowed", !object.denied());
            if (!object.note().isEmpty()) {
                o.put("note", object.note());
            }
            ArrayNode violations = o.putArray("violations");
            for (Finding finding : object.findings()) {
                ObjectNode v = violations.addObject();
                v.put("rule", finding.ruleId());
                v.put("reason", finding.reason());
                v.put("detail", finding.detail());
                v.put("hint", finding.hint());
                v.put("enforcement", finding.severity().label());
            }
        }
        ArrayNode errors = root.putArray("errors");
        for (ManifestError error : report.errors()) {
            ObjectNode e = errors.addObject();
            e.put("file", error.source());
            e.put("line", error.line());
            if (error.column() > 0) {
                e.put("column", error.column());
            }
            e.put("message", error.message());
        }
        ObjectNode summary = root.putObject("summary");
        summary.put("objects", report.objects().size());
        summary.put("denied", report.deniedObjects());
        summary.put("violations", report.findingCount());
        summary.put("errors", report.errors().size());
        return root;
    }
}
