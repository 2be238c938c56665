package dev.gatehouse.policy.cel;

import dev.cel.common.types.CelType;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The composited variables of a ValidatingAdmissionPolicy or K8sNativeValidation template ({@code variables[]}),
 * compiled in order and evaluated lazily under {@code variables.<name>}.
 *
 * <p>Compilation: each variable sees only the variables before it, typed by their compiled types, so a reference to
 * a later or unknown variable is a compile error ({@code undefined field 'x'}). {@link #environment()} is the
 * environment to compile validations and messages against.
 *
 * <p>Evaluation, as Kubernetes does it: a variable is evaluated on first use, at most once per pass, with its cost
 * charged to the budget of the expression that first used it; a failure surfaces wherever the variable is used as
 * {@code composited variable "x" fails to evaluate: <error>} (and like any CEL error, {@code true || variables.x}
 * is still true).
 *
 * <p>Immutable and thread-safe; the map returned by {@link #activation} belongs to one evaluation pass.
 *
 * <pre>{@code
 * CompositedVariables vars = CompositedVariables.compile(env, List.of(Map.entry("isUpdate",
 *     "has(request.operation) && request.operation == 'UPDATE'")));
 * CompiledExpression rule = vars.environment().compile("variables.isUpdate || ...", SimpleType.BOOL);
 * Map<String, Object> activation = vars.activation(Map.of("object", obj, "request", req), budget);
 * rule.evaluateBoolean(activation, budget);
 * }</pre>
 */
public final class CompositedVariables {
  private final KubernetesCelEnvironment environment;
  private final Map<String, CompiledExpression> variables;

  private CompositedVariables(KubernetesCelEnvironment environment, Map<String, CompiledExpression> variables) {
    this.environment = environment;
    this.variables = variables;
  }

  /**
   * Compiles {@code definitions} (name, expression) in order on top of {@code base}.
   *
   * @throws CelCompilationException for the first variable that does not compile; its message names the variable
   */
  public static CompositedVariables compile(KubernetesCelEnvironment base, List<Map.Entry<String, String>> definitions)
      throws CelCompilationException {
    KubernetesCelEnvironment env = base;
    Map<String, CompiledExpression> compiled = new LinkedHashMap<>();
    for (Map.Entry<String, String> definition : definitions) {
      String name = Objects.requireNonNull(definition.getKey(), "variable name");
      if (compiled.containsKey(name)) {
        throw CelCompilationException.wholeExpression(definition.getValue(),
            "variable \"" + name + "\" is defined more than once");
      }
      CompiledExpression expression;
      try {
        expression = env.compile(definition.getValue());
      } catch (CelCompilationException e) {
        throw new CelCompilationException(e.expression(), e.issues(),
            "variable \"" + name + "\": " + e.getMessage());
      }
      CelType type = expression.outputType();
      compiled.put(name, expression);
      env = env.withCompositedVariable(name, type);
    }
    return new CompositedVariables(env, java.util.Collections.unmodifiableMap(compiled));
  }

  /** The environment with every variable declared, for the validations and messages. */
  public KubernetesCelEnvironment environment() {
    return environment;
  }

  /** The compiled variables in definition order. */
  public Map<String, CompiledExpression> variables() {
    return variables;
  }

  /**
   * An activation for one evaluation pass: {@code base} plus {@code variables}, a map that evaluates each variable
   * on first read against this same activation and charges {@code budget}.
   */
  public Map<String, Object> activation(Map<String, ?> base, EvaluationBudget budget) {
    Objects.requireNonNull(budget, "budget");
    Map<String, Object> activation = new HashMap<>(base);
    activation.put(KubernetesCelEnvironment.VARIABLES, new LazyVariables(activation, budget));
    return activation;
  }

  /** Evaluates variables on first access and remembers results and failures for the rest of the pass. */
  private final class LazyVariables extends AbstractMap<String, Object> implements CelValues.Adapted {
    private final Map<String, Object> activation;
    private final EvaluationBudget budget;
    private final Map<String, Object> results = new HashMap<>();

    LazyVariables(Map<String, Object> activation, EvaluationBudget budget) {
      this.activation = activation;
      this.budget = budget;
    }

    @Override
    public boolean containsKey(Object key) {
      return variables.containsKey(key);
    }

    @Override
    public Object get(Object key) {
      CompiledExpression expression = variables.get(key);
      if (expression == null) {
        return null;
      }
      String name = (String) key;
      Object result = results.get(name);
      if (result == null) {
        result = evaluate(name, expression);
        results.put(name, result);
      }
      if (result instanceof Failure failure) {
        throw new VariableFailure(failure.message, failure.cause);
      }
      return result;
    }

    private Object evaluate(String name, CompiledExpression expression) {
      try {
        return CelValues.adapt(expression.evaluate(activation, budget));
      } catch (CelEvaluationFailure e) {
        if (e.kind() != CelEvaluationFailure.Kind.ERROR) {
          // Running out of budget or time ends the whole pass, not just this variable.
          throw new EvaluationBudget.BudgetExceeded(e.kind());
        }
        return new Failure("composited variable \"" + name + "\" fails to evaluate: " + e.getMessage(), e);
      }
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<String, Object>> iterator() {
          List<Map.Entry<String, Object>> entries = new ArrayList<>();
          for (String name : variables.keySet()) {
            entries.add(new SimpleImmutableEntry<>(name, get(name)));
          }
          return entries.iterator();
        }

        @Override
        public int size() {
          return variables.size();
        }
      };
    }
  }

  private record Failure(String message, Throwable cause) {}

  /**
   * Thrown from inside the CEL interpreter when a variable failed; cel-java turns an IllegalArgumentException from
   * a map read into an evaluation error that keeps this message.
   */
  private static final class VariableFailure extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    VariableFailure(String message, Throwable cause) {
      super(message, cause);
    }

    /**
     * No stack trace: thrown on every read of a failed variable from deep inside the interpreter, where filling it
     * in dominated the cost of templates whose optional parameters are absent; the message is all that is kept.
     */
    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
