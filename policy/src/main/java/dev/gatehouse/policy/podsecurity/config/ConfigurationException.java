package dev.gatehouse.policy.podsecurity.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A {@code PodSecurityConfiguration} that cannot be used: unreadable, not the expected kind, unknown or mistyped
 * fields, or values that fail validation. Each problem names the source (file name), the line where known, and the
 * field path where there is one; the message lists them one per line, e.g.
 * {@code psa.yaml:4: defaults.enforce: Invalid value: "strict": must be one of privileged, baseline, restricted}.
 */
public final class ConfigurationException extends Exception {

    /**
     * One problem.
     *
     * @param line    1-based line in the source, 0 when unknown
     * @param field   the field path, empty when the problem is not about a field
     * @param message what is wrong
     */
    public record Problem(int line, String field, String message) {
        public Problem {
            field = field == null ? "" : field;
        }
    }

    private final String source;
    private final List<Problem> problems;

    public ConfigurationException(String source, List<Problem> problems) {
        super(format(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    ConfigurationException(String source, List<Problem> problems, Throwable cause) {
        super(format(source, problems), cause);
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** The file name (or other name) the configuration was read from. */
    public String source() {
        return source;
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String format(String source, List<Problem> problems) {
        return problems.stream().map(p -> {
            StringBuilder out = new StringBuilder(source);
            if (p.line() > 0) {
                out.append(':').append(p.line());
            }
            out.append(": ");
            if (!p.field().isEmpty()) {
                out.append(p.field()).append(": ");
            }
            return out.append(p.message()).toString();
        }).collect(Collectors.joining("\n"));
    }
}
