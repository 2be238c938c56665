package dev.gatehouse.policy.cel;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A CEL expression that does not parse, does not type-check, or does not have the required result type.
 *
 * <p>The message reads like cel-go's (and so Kubernetes'): one {@code ERROR: <input>:line:column: message} line per
 * issue followed by the offending source line and a caret. {@link #issues()} gives the same facts as data.
 * Immutable and thread-safe.
 */
public final class CelCompilationException extends Exception {
  private static final long serialVersionUID = 1L;

  /** One problem found in an expression; line and column are 1-based, 0 when unknown. */
  public record Issue(int line, int column, String message) {}

  private final String expression;
  private final transient List<Issue> issues;

  CelCompilationException(String expression, List<Issue> issues, String formatted) {
    super(formatted);
    this.expression = expression;
    this.issues = List.copyOf(issues);
  }

  /** Builds an exception for a problem that is about the whole expression (for example its result type). */
  static CelCompilationException wholeExpression(String expression, String message) {
    return new CelCompilationException(expression, List.of(new Issue(0, 0, message)), message);
  }

  /** The expression text as written. */
  public String expression() {
    return expression;
  }

  /** The issues, in source order. */
  public List<Issue> issues() {
    return issues;
  }

  /** The issue messages alone, joined with "; " (no positions, no source snippet). */
  public String messages() {
    return issues.stream().map(Issue::message).collect(Collectors.joining("; "));
  }
}
