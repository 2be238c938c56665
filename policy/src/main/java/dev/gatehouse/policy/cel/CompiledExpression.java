package dev.gatehouse.policy.cel;

import dev.cel.common.types.CelType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelEvaluationListener;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A type-checked CEL expression ready to evaluate, produced by {@link KubernetesCelEnvironment#compile}.
 *
 * <p>The activation maps variable names to values: {@link tools.jackson.databind.JsonNode} trees (exposed as views,
 * not copied, see {@link CelValues}), Java maps, lists, strings, numbers, booleans, or {@code null} for CEL null.
 * A declared variable missing from the activation is an evaluation error.
 *
 * <p>Every evaluation is metered: one cost unit per evaluated node, against the environment's per-call limit and
 * an optional shared {@link EvaluationBudget} (which may also carry a deadline).
 *
 * <p>Immutable and thread-safe: one compiled expression serves concurrent requests.
 */
public final class CompiledExpression {
  /**
   * The meter of the evaluation running on this thread, so that library functions whose work grows with their
   * input (lists.range, regex) can charge it before doing the work; cel-java gives bindings no context object.
   */
  private static final ThreadLocal<Meter> CURRENT = new ThreadLocal<>();

  private final String expression;
  private final dev.cel.common.ast.CelExpr structure;
  private final CelType outputType;
  private final CelRuntime.Program program;
  private final long perCallCostLimit;

  CompiledExpression(String expression, dev.cel.common.ast.CelExpr structure, CelType outputType,
      CelRuntime.Program program, long perCallCostLimit) {
    this.expression = expression;
    this.structure = structure;
    this.outputType = outputType;
    this.program = program;
    this.perCallCostLimit = perCallCostLimit;
  }

  /** The expression text as compiled. */
  public String expression() {
    return expression;
  }

  /**
   * The checked syntax tree, without source positions: equal for two texts that differ only in layout (spaces, line
   * breaks, comments), and with what compiling it depended on, it determines what the expression computes.
   */
  dev.cel.common.ast.CelExpr structure() {
    return structure;
  }

  /** The checked result type ({@code bool}, {@code string}, {@code dyn}, ...). */
  public CelType outputType() {
    return outputType;
  }

  /** Evaluates with the per-call cost limit only. */
  public Object evaluate(Map<String, ?> activation) throws CelEvaluationFailure {
    return evaluate(activation, EvaluationBudget.unlimited());
  }

  /**
   * Evaluates, charging the cost to {@code budget}.
   *
   * @return the result: {@link Boolean}, {@link Long}, {@link Double}, {@link String}, {@link java.util.List},
   *     {@link Map}, {@link Optional}, {@code dev.cel.common.values.NullValue} or a library value
   * @throws CelEvaluationFailure on a runtime error, an exhausted budget or a passed deadline
   */
  public Object evaluate(Map<String, ?> activation, EvaluationBudget budget) throws CelEvaluationFailure {
    Objects.requireNonNull(activation, "activation");
    Objects.requireNonNull(budget, "budget");
    Meter meter = new Meter(activation, budget, perCallCostLimit);
    Meter previous = CURRENT.get();
    CURRENT.set(meter);
    try {
      budget.checkDeadline();
      if (budget.exhausted()) {
        throw new EvaluationBudget.BudgetExceeded(CelEvaluationFailure.Kind.COST_LIMIT_EXCEEDED);
      }
      // The planned runtime reports a declared variable missing from the activation as an error, as cel-go does.
      return program.trace(meter, meter);
    } catch (EvaluationBudget.BudgetExceeded e) {
      throw new CelEvaluationFailure(e.kind, e.getMessage(), null);
    } catch (CelEvaluationException e) {
      EvaluationBudget.BudgetExceeded exceeded = findBudgetExceeded(e);
      if (exceeded != null) {
        throw new CelEvaluationFailure(exceeded.kind, exceeded.getMessage(), null);
      }
      throw new CelEvaluationFailure(CelEvaluationFailure.Kind.ERROR,
          KubernetesCelEnvironment.translateRuntimeMessage(e.getMessage()), e);
    } catch (RuntimeException e) {
      // A defect in a binding or in cel-java must surface as an evaluation error, never crash the caller.
      EvaluationBudget.BudgetExceeded exceeded = findBudgetExceeded(e);
      if (exceeded != null) {
        throw new CelEvaluationFailure(exceeded.kind, exceeded.getMessage(), null);
      }
      throw new CelEvaluationFailure(CelEvaluationFailure.Kind.ERROR,
          "internal error: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    } finally {
      // set(null) rather than remove(): the thread's entry is kept for its next evaluation instead of re-created.
      CURRENT.set(previous);
    }
  }

  /**
   * Charges {@code units} to the evaluation running on this thread (no-op outside an evaluation).
   *
   * @throws EvaluationBudget.BudgetExceeded when the per-call limit or the budget is exceeded
   */
  static void chargeCurrent(long units) {
    Meter meter = CURRENT.get();
    if (meter != null && units > 0) {
      meter.charge(units);
    }
  }

  /** Evaluates an expression compiled to {@code bool}. */
  public boolean evaluateBoolean(Map<String, ?> activation, EvaluationBudget budget) throws CelEvaluationFailure {
    Object result = evaluate(activation, budget);
    if (result instanceof Boolean b) {
      return b;
    }
    throw new CelEvaluationFailure(CelEvaluationFailure.Kind.ERROR,
        "expression '" + expression + "' resulted in a " + typeName(result) + ", not a bool", null);
  }

  /** Evaluates an expression compiled to {@code string}. */
  public String evaluateString(Map<String, ?> activation, EvaluationBudget budget) throws CelEvaluationFailure {
    Object result = evaluate(activation, budget);
    if (result instanceof String s) {
      return s;
    }
    throw new CelEvaluationFailure(CelEvaluationFailure.Kind.ERROR,
        "expression '" + expression + "' resulted in a " + typeName(result) + ", not a string", null);
  }

  @Override
  public String toString() {
    return expression;
  }

  private static String typeName(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName();
  }

  private static EvaluationBudget.BudgetExceeded findBudgetExceeded(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EvaluationBudget.BudgetExceeded exceeded) {
        return exceeded;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  /**
   * Resolves the activation's variables and charges one unit per evaluated node: one object per evaluation for
   * both, as an evaluation of a variable or validation happens some sixty times per Gatekeeper review.
   */
  private static final class Meter implements CelEvaluationListener, CelVariableResolver {
    private final Map<String, ?> activation;
    private final EvaluationBudget budget;
    private final long callLimit;
    private long callConsumed;

    Meter(Map<String, ?> activation, EvaluationBudget budget, long callLimit) {
      this.activation = activation;
      this.budget = budget;
      this.callLimit = callLimit;
    }

    @Override
    public Optional<Object> find(String name) {
      // One lookup for a present name (the common case); containsKey only tells a null value from a missing name.
      Object value = activation.get(name);
      return value != null || activation.containsKey(name)
          ? Optional.of(CelValues.adapt(value))
          : Optional.empty();
    }

    @Override
    public void callback(dev.cel.common.ast.CelExpr expr, Object value) {
      charge(1);
    }

    void charge(long units) {
      budget.charge(units, callConsumed, callLimit);
      callConsumed += units;
    }
  }
}
