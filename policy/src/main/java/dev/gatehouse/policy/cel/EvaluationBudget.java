package dev.gatehouse.policy.cel;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The cost budget and deadline shared by the expressions evaluated for one request pass, for example all the
 * validations of one (policy, binding, param) triple, whose combined budget Kubernetes caps at 10,000,000.
 *
 * <p>Cost is counted at run time, one unit per evaluated expression node (identifier, selection, call, literal,
 * each comprehension step), plus what functions whose work grows with their input charge before doing it
 * ({@code lists.range(n)}: n; {@code sets.*}: the product of the sizes; regex {@code find}/{@code findAll}:
 * Kubernetes' formula). Other string and list
 * functions are charged one unit, where Kubernetes charges by length, so this meter stops runaway loops and
 * comprehensions at the same order of magnitude as Kubernetes but is not the same number to the unit.
 *
 * <p>Not thread-safe: one budget belongs to one evaluation pass on one thread.
 *
 * <pre>{@code
 * EvaluationBudget budget = EvaluationBudget.of(10_000_000, clock.instant().plusSeconds(3), clock);
 * for (CompiledExpression validation : validations) validation.evaluate(activation, budget);
 * }</pre>
 */
public final class EvaluationBudget {
  /** How many cost units pass between two clock reads: reading the clock on every node would dominate. */
  private static final int DEADLINE_CHECK_INTERVAL = 64;

  private final long limit;
  private final Instant deadline;
  private final Clock clock;
  private long consumed;
  private int sinceClockCheck;

  private EvaluationBudget(long limit, Instant deadline, Clock clock) {
    if (limit < 0) {
      throw new IllegalArgumentException("The cost limit may not be negative: " + limit);
    }
    this.limit = limit;
    this.deadline = deadline;
    this.clock = clock;
  }

  /** A budget without a limit or deadline (still counts cost). */
  public static EvaluationBudget unlimited() {
    return new EvaluationBudget(Long.MAX_VALUE, null, null);
  }

  /** A budget of {@code costLimit} units and no deadline. */
  public static EvaluationBudget of(long costLimit) {
    return new EvaluationBudget(costLimit, null, null);
  }

  /** A budget of {@code costLimit} units that also stops evaluation once {@code clock} passes {@code deadline}. */
  public static EvaluationBudget of(long costLimit, Instant deadline, Clock clock) {
    return new EvaluationBudget(costLimit, Objects.requireNonNull(deadline, "deadline"),
        Objects.requireNonNull(clock, "clock"));
  }

  /** Cost consumed so far. */
  public long consumed() {
    return consumed;
  }

  /** Cost left before the limit; 0 when exhausted. */
  public long remaining() {
    return Math.max(0, limit - consumed);
  }

  /** True once the budget is spent (the next evaluation fails at its first step). */
  public boolean exhausted() {
    return consumed >= limit;
  }

  /**
   * Charges {@code units}; throws once the budget or the per-call limit is exceeded or the deadline has passed.
   *
   * @param callConsumed cost consumed by the current expression before this charge
   * @param callLimit the per-expression limit
   */
  void charge(long units, long callConsumed, long callLimit) {
    consumed += units;
    if (consumed > limit || callConsumed + units > callLimit) {
      throw new BudgetExceeded(CelEvaluationFailure.Kind.COST_LIMIT_EXCEEDED);
    }
    if (deadline != null) {
      sinceClockCheck += (int) Math.min(units, DEADLINE_CHECK_INTERVAL);
      // A node can be slow (x in a large list), so the clock is read often; a read costs a few nanoseconds.
      if (sinceClockCheck >= DEADLINE_CHECK_INTERVAL) {
        sinceClockCheck = 0;
        checkDeadline();
      }
    }
  }

  /** Throws if the deadline has passed; called at the start of every evaluation. */
  void checkDeadline() {
    if (deadline != null && !clock.instant().isBefore(deadline)) {
      throw new BudgetExceeded(CelEvaluationFailure.Kind.DEADLINE_EXCEEDED);
    }
  }

  /** Unwinds the CEL interpreter from inside its evaluation listener; never escapes {@link CompiledExpression}. */
  static final class BudgetExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final CelEvaluationFailure.Kind kind;

    BudgetExceeded(CelEvaluationFailure.Kind kind) {
      super(kind == CelEvaluationFailure.Kind.DEADLINE_EXCEEDED
          ? CelEvaluationFailure.DEADLINE_MESSAGE : CelEvaluationFailure.COST_LIMIT_MESSAGE, null, false, false);
      this.kind = kind;
    }
  }
}
