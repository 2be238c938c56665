package dev.gatehouse.cli.output;

import dev.gatehouse.policy.document.ManifestError;
import dev.gatehouse.policy.report.Finding;
import dev.gatehouse.policy.report.ObjectResult;
import dev.gatehouse.policy.report.Report;
import java.io.PrintWriter;

/**
 * JUnit XML, as CI servers read it: one test case per object (failure when it has deny findings), one errored
 * test case per input error.
 */
final class JUnitReportWriter implements OutputFormat.ReportWriter {

    @Override
    public void write(Report report, String title, PrintWriter out) {
        long failures = report.objects().stream().filter(ObjectResult::denied).count();
        out.println("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        out.println("<testsuites name=\"gatehouse\" tests=\"" + (report.objects().size() + report.errors().size())
                + "\" failures=\"" + failures + "\" errors=\"" + report.errors().size() + "\">");
        out.println("  <testsuite name=\"" + xml(title) + "\" tests=\"" + (report.objects().size() + report.errors().size())
                + "\" failures=\"" + failures + "\" errors=\"" + report.errors().size() + "\">");
        for (ObjectResult object : report.objects()) {
            out.print("    <testcase classname=\"" + xml(object.source()) + "\" name=\""
                    + xml(object.displayName() + " (" + object.policy() + ")") + "\"");
            if (object.findings().isEmpty()) {
                out.println("/>");
                continue;
            }
            out.println(">");
            StringBuilder body = new StringBuilder();
            for (Finding finding : object.findings()) {
                body.append(finding.severity().label()).append(": ").append(finding.message());
                if (!finding.hint().isEmpty()) {
                    body.append("\n  fix: ").append(finding.hint());
                }
                body.append('\n');
            }
            if (object.denied()) {
                out.println("      <failure message=\"" + xml(object.displayName() + " violates " + object.policy())
                        + "\" type=\"" + xml(object.findings().get(0).ruleId()) + "\">" + xml(body.toString()) + "</failure>");
            } else {
                out.println("      <system-out>" + xml(body.toString()) + "</system-out>");
            }
            out.println("    </testcase>");
        }
        for (ManifestError error : report.errors()) {
            out.println("    <testcase classname=\"" + xml(error.source()) + "\" name=\"" + xml("line " + error.line()) + "\">");
            out.println("      <error message=\"" + xml(error.message()) + "\" type=\"input-error\"/>");
            out.println("    </testcase>");
        }
        out.println("  </testsuite>");
        out.println("</testsuites>");
    }

    static String xml(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    // XML 1.0 forbids most control characters even when escaped; drop them.
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
