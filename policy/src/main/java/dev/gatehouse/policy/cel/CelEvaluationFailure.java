package dev.gatehouse.policy.cel;

/**
 * A CEL expression that failed at evaluation time: a runtime error ({@code no such key: x}, a library function's
 * error such as {@code min called on empty list}), an exhausted cost budget or a passed deadline.
 *
 * <p>Messages follow cel-go's wording where Kubernetes users see them. Immutable and thread-safe.
 */
public final class CelEvaluationFailure extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the evaluation stopped. The names are stable: they appear in logs and metrics. */
  public enum Kind {
    /** The expression raised an error (missing key, bad argument, overflow, no matching overload, ...). */
    ERROR,
    /** The per-expression cost limit or the shared {@link EvaluationBudget} ran out. */
    COST_LIMIT_EXCEEDED,
    /** The evaluation deadline passed. */
    DEADLINE_EXCEEDED
  }

  /** The message cel-go reports when a cost limit stops an evaluation. */
  public static final String COST_LIMIT_MESSAGE = "operation cancelled: actual cost limit exceeded";

  /** The message reported when the deadline of an {@link EvaluationBudget} passes. */
  public static final String DEADLINE_MESSAGE = "operation cancelled: evaluation deadline exceeded";

  private final Kind kind;

  CelEvaluationFailure(Kind kind, String message, Throwable cause) {
    // No stack trace: expected failures (a has() on null in a template variable) are part of normal evaluation,
    // and filling in the interpreter's deep stack cost more than the evaluation. The cause keeps cel-java's trace.
    super(message, cause, false, false);
    this.kind = kind;
  }

  /** Why the evaluation stopped. */
  public Kind kind() {
    return kind;
  }
}
