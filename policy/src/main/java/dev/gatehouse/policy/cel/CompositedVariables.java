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
  private static final java.util.regex.Pattern IDENTIFIER = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final KubernetesCelEnvironment environment;
  private final Map<String, CompiledExpression> variables;
  /** The variables by position (definition order), for evaluation passes that keep results in an array. */
  private final String[] names;
  private final CompiledExpression[] expressions;
  /** Each variable's position: one lookup per read instead of one per map a pass consults. */
  private final Map<String, Integer> positions;
  /** {@link #positions} for the reads of a pass, which ask with the same few string instances again and again. */
  private final NamePositions readPositions;
  /** Every identifier-like token of each variable's text: a superset of the names it can refer to. */
  private final Map<String, Set<String>> tokens;
  /** The classification for the last set of activation names seen (every caller passes the same one). */
  private volatile Classification classification;

  private CompositedVariables(KubernetesCelEnvironment environment, Map<String, CompiledExpression> variables) {
    this.environment = environment;
    this.variables = variables;
    Map<String, Set<String>> t = new HashMap<>();
    variables.forEach((name, expression) -> {
      Set<String> names = new java.util.HashSet<>();
      IDENTIFIER.matcher(expression.expression()).results().forEach(m -> names.add(m.group()));
      t.put(name, Set.copyOf(names));
    });
    this.tokens = t;
    this.names = variables.keySet().toArray(String[]::new);
    this.expressions = variables.values().toArray(CompiledExpression[]::new);
    Map<String, Integer> p = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      p.put(names[i], i);
    }
    this.positions = p;
    this.readPositions = new NamePositions(p);
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
    return activation(base, budget, null);
  }

  /**
   * Like {@link #activation(Map, EvaluationBudget)}, but variables whose value can depend only on the activation
   * entries that {@code shared} declares the same for every pass (and on other such variables) are taken from, and
   * stored in, {@code shared}: a Gatekeeper review evaluates a dozen templates that each define the same
   * {@code containers} variables over the same object. A reused value charges {@code budget} exactly what
   * evaluating it would have (its own cost and that of the variables it read that this pass has not evaluated yet),
   * so budgets run out where they would have.
   *
   * @param shared results shared by the passes of one review, or null to share nothing
   */
  public Map<String, Object> activation(Map<String, ?> base, EvaluationBudget budget, SharedResults shared) {
    return activation(base, budget, shared, null);
  }

  /**
   * Like {@link #activation(Map, EvaluationBudget, SharedResults)}, and variables that can depend only on the
   * activation entries {@code constants} declares constant (a constraint's {@code params}) are evaluated once for
   * all the passes that pass the same {@code constants}, on any thread: a constraint's parameter-derived lists
   * (exempt images, allowed profiles) are the same for every object it reviews. Reused values are charged as in
   * {@code shared}; a failure is reused like a value, since it is just as deterministic, but running out of budget
   * or time is not stored.
   *
   * @param constants results kept for one set of constant entries (one constraint), or null to keep none
   */
  public Map<String, Object> activation(Map<String, ?> base, EvaluationBudget budget, SharedResults shared,
      ConstantResults constants) {
    Objects.requireNonNull(budget, "budget");
    Set<String> reviewWide = shared == null ? Set.of() : shared.reviewWide;
    Set<String> constantNames = constants == null ? Set.of() : constants.constantNames;
    Classification classes = classification;
    // Every pass of a driver passes the same names, so the cached classification almost always fits.
    if (classes == null || !classes.reviewWide.equals(reviewWide) || !classes.constantNames.equals(constantNames)
        || !base.keySet().equals(classes.baseNames)) {
      classes = classify(Set.copyOf(base.keySet()), reviewWide, constantNames);
    }
    LazyVariables variables = new LazyVariables(budget, shared == null ? null : shared.results, classes.shareKeys,
        classes.valueKeys, constants, classes.constants);
    Map<String, Object> activation = new OverlayMap(base, KubernetesCelEnvironment.VARIABLES, variables);
    variables.activation = activation;
    return activation;
  }

  /**
   * Sorts the variables for one set of activation names: those that may read only {@code constantNames} (a token
   * of a variable's text could be a reference) and constant variables are constant; of the rest, those that may
   * read only {@code reviewWide} names and shareable variables get a share key: their expression and those of the
   * variables they may read, the identity of their value. The declared top-level variables count as read even when
   * the activation lacks them, so that a variable reading a missing one is never taken for a constant.
   */
  private Classification classify(Set<String> baseNames, Set<String> reviewWide, Set<String> constantNames) {
    Set<String> topLevel = new java.util.HashSet<>(baseNames);
    topLevel.addAll(environment.declaredVariables().keySet());
    Set<String> varying = new java.util.HashSet<>(topLevel);
    varying.removeAll(constantNames);
    // Constant entries differ between the passes that share review-wide results (one constraint each), so a
    // variable that reads them is constant at most, never shared.
    Set<String> notShareable = new java.util.HashSet<>(topLevel);
    notShareable.removeAll(reviewWide);
    Object signature = environment.signatureWithoutComposited();
    Map<String, ShareKey> keys = new HashMap<>();
    Map<String, ValueKeyed> valueKeyed = new HashMap<>();
    Set<String> constants = new java.util.HashSet<>();
    for (Map.Entry<String, CompiledExpression> v : variables.entrySet()) {
      Set<String> refs = tokens.get(v.getKey());
      boolean constant = refs.stream().noneMatch(varying::contains);
      boolean shareable = refs.stream().noneMatch(notShareable::contains);
      // Shared by value when what keeps it from being shared outright is only the constant variables it reads.
      boolean byValue = shareable;
      List<Integer> constantReads = new ArrayList<>();
      // The expression's syntax tree and what compiling it depended on, then each variable it may read by name with
      // that variable's type and own key: equal for the same variable of templates that declare other variables
      // too, or lay the same text out differently.
      List<Object> key = new ArrayList<>();
      key.add(signature);
      key.add(v.getValue().structure());
      // Variables only see those defined before them, which are already classified.
      for (String other : variables.keySet()) {
        if (other.equals(v.getKey())) {
          break;
        }
        if (refs.contains(other)) {
          constant &= constants.contains(other);
          ShareKey otherKey = keys.get(other);
          if (otherKey == null) {
            shareable = false;
            if (constants.contains(other)) {
              constantReads.add(positions.get(other));
            } else {
              byValue = false;
            }
          }
          key.add(List.of(other, environment.compositedVariables().get(other),
              otherKey == null ? List.of() : otherKey));
        }
      }
      if (constant) {
        constants.add(v.getKey());
      }
      if (shareable) {
        keys.put(v.getKey(), ShareKey.of(key));
      } else if (!constant && byValue && !constantReads.isEmpty()) {
        valueKeyed.put(v.getKey(), new ValueKeyed(ShareKey.of(key),
            constantReads.stream().mapToInt(Integer::intValue).toArray()));
      }
    }
    ShareKey[] keyAt = new ShareKey[names.length];
    ValueKeyed[] valueKeyAt = new ValueKeyed[names.length];
    boolean[] constantAt = new boolean[names.length];
    for (int i = 0; i < names.length; i++) {
      keyAt[i] = keys.get(names[i]);
      valueKeyAt[i] = valueKeyed.get(names[i]);
      constantAt[i] = constants.contains(names[i]);
    }
    Classification result = new Classification(baseNames, reviewWide, constantNames, keyAt, valueKeyAt, constantAt);
    classification = result;
    return result;
  }

  /**
   * What a shared value is stored under: equal for the same variable of different templates, whatever else they
   * declare (the text, the environment and the types and keys of the variables it may read determine what it
   * computes). The hash is computed once, not on every lookup of a nested list.
   */
  private static final class ShareKey {
    /**
     * Every key in use, so that equal keys are one object and a lookup compares them by identity rather than
     * walking their texts and nested keys. Emptied when full, which happens only after many reloads.
     */
    private static final Map<ShareKey, ShareKey> CANONICAL = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int CANONICAL_MAX = 1 << 16;

    private final List<Object> parts;
    private final int hash;

    private ShareKey(List<Object> parts) {
      this.parts = parts;
      this.hash = parts.hashCode();
    }

    /** The one key with these parts. */
    static ShareKey of(List<Object> parts) {
      ShareKey key = new ShareKey(List.copyOf(parts));
      if (CANONICAL.size() >= CANONICAL_MAX) {
        CANONICAL.clear();
      }
      ShareKey canonical = CANONICAL.putIfAbsent(key, key);
      return canonical == null ? key : canonical;
    }

    @Override
    public boolean equals(Object o) {
      return o == this || (o instanceof ShareKey other && other.hash == hash && other.parts.equals(parts));
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private record Classification(Set<String> baseNames, Set<String> reviewWide, Set<String> constantNames,
      ShareKey[] shareKeys, ValueKeyed[] valueKeys, boolean[] constants) {}

  /**
   * A variable that reads review-wide entries, shared variables and constant variables: its value is shared between
   * the passes of a review whose constant variables it reads hold equal values. Each constraint has its own
   * constant values, but most constraints of a template have equal ones (no exempt images, the same allowed list),
   * and their passes then compute the same value from the same object.
   *
   * @param key the expression and what it reads, as for a shared variable
   * @param constantReads the positions of the constant variables it may read
   */
  private record ValueKeyed(ShareKey key, int[] constantReads) {}

  /**
   * Variable values shared by the evaluation passes of one review (see
   * {@link #activation(Map, EvaluationBudget, SharedResults)}). Not thread-safe: one review on one thread.
   */
  public static final class SharedResults {
    private final Set<String> reviewWide;
    private final Map<Object, Shared> results = new HashMap<>();

    /** @param reviewWide the activation entries that hold the same values in every pass that uses this */
    public SharedResults(Set<String> reviewWide) {
      this.reviewWide = Set.copyOf(reviewWide);
    }
  }

  /**
   * Variable values that depend only on constant activation entries (see
   * {@link #activation(Map, EvaluationBudget, SharedResults, ConstantResults)}): one per constraint and compiled
   * variables. Thread-safe: values are immutable once stored and concurrent passes may store the same variable.
   */
  public static final class ConstantResults {
    private final Set<String> constantNames;
    private final Map<Object, Shared> results = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Each {@link ValueKeyed} variable's key in the passes that use this (its {@link ShareKey} and the values of the
     * constants it reads), or {@link #NOT_SHARED}: the same for every pass once its constants are stored, and costly
     * to build (a walk of the values, a deep hash and a canonical lookup).
     */
    private final Map<ShareKey, Object> valueKeys = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param constantNames the activation entries that hold the same values in every pass that uses this */
    public ConstantResults(Set<String> constantNames) {
      this.constantNames = Set.copyOf(constantNames);
    }
  }

  /** A shared value, the cost its own evaluation charged, and the names of the variables it read, in order. */
  private record Shared(Object result, long ownCost, String[] reads) {}

  /** Marks a {@link ValueKeyed} variable whose constants are not all plain: it is not shared by value. */
  private static final Object NOT_SHARED = new Object();

  /** Deepest list nesting a value key looks into; parameters are flat lists in practice. */
  private static final int PLAIN_DEPTH = 4;

  /** Whether equal values of this kind behave the same in every expression: scalars and lists of them. */
  private static boolean isPlain(Object value, int depth) {
    if (value instanceof String || value instanceof Long || value instanceof Boolean || value instanceof Double
        || value instanceof dev.cel.common.values.NullValue) {
      return true;
    }
    if (value instanceof List<?> list && depth < PLAIN_DEPTH) {
      for (Object element : list) {
        if (!isPlain(element, depth + 1)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /** The variable being evaluated: what it reads and what the variables it evaluated cost. */
  private static final class Frame {
    private static final int[] NONE = {};
    // Most variables read no other variable: the array is allocated on the first read.
    int[] reads = NONE;
    int readCount;
    long nestedCost;

    void read(int position) {
      if (readCount == reads.length) {
        reads = java.util.Arrays.copyOf(reads, Math.max(4, readCount * 2));
      }
      reads[readCount++] = position;
    }
  }

  /** Evaluates variables on first access and remembers results and failures for the rest of the pass. */
  private final class LazyVariables extends MapView<String> {
    /** The activation this map is the {@code variables} entry of; set once, right after construction. */
    private Map<String, Object> activation;
    private final EvaluationBudget budget;
    private final Map<Object, Shared> shared;
    private final ShareKey[] shareKeys;
    private final ValueKeyed[] valueKeys;
    private final Map<Object, Shared> constants;
    private final Map<ShareKey, Object> constantValueKeys;
    private final boolean[] constantVariables;
    /** Each variable's value or {@link Failure} once this pass has it, by position. */
    private final Object[] results = new Object[names.length];
    private Frame frame;

    LazyVariables(EvaluationBudget budget, Map<Object, Shared> shared,
        ShareKey[] shareKeys, ValueKeyed[] valueKeys, ConstantResults constants, boolean[] constantVariables) {
      this.budget = budget;
      this.shared = shared;
      this.shareKeys = shareKeys;
      this.valueKeys = valueKeys;
      this.constants = constants == null ? null : constants.results;
      this.constantValueKeys = constants == null ? null : constants.valueKeys;
      this.constantVariables = constantVariables;
    }

    @Override
    public boolean containsKey(Object key) {
      return variables.containsKey(key);
    }

    @Override
    public int size() {
      return variables.size();
    }

    @Override
    public Object get(Object key) {
      int i = readPositions.position(key);
      if (i < 0) {
        return null;
      }
      Frame reader = frame;
      if (reader != null) {
        reader.read(i);
      }
      Object result = results[i];
      if (result == null) {
        long before = budget.consumed();
        result = resolve(i);
        if (reader != null) {
          reader.nestedCost += budget.consumed() - before;
        }
        results[i] = result;
      }
      if (result instanceof Failure failure) {
        throw new VariableFailure(failure.message, failure.cause);
      }
      return result;
    }

    /** The constant or shared value if there is one (charging what it cost), else evaluates the variable. */
    private Object resolve(int i) {
      Map<Object, Shared> store = null;
      Object key = null;
      ValueKeyed byValue = null;
      if (constants != null && constantVariables[i]) {
        store = constants;
        key = names[i];
      } else if (shared != null && shareKeys[i] != null) {
        store = shared;
        key = shareKeys[i];
      } else if (shared != null && constants != null && valueKeys[i] != null) {
        byValue = valueKeys[i];
        key = valueKey(byValue);
        store = key == null ? null : shared;
      }
      if (store != null) {
        Shared reused = store.get(key);
        if (reused != null) {
          replay(reused);
          return reused.result();
        }
      }
      Frame caller = frame;
      // Only a value that is (or may be) stored needs what its evaluation read and what that cost.
      Frame own = store == null && byValue == null ? null : new Frame();
      frame = own;
      long before = budget.consumed();
      Object result;
      try {
        result = evaluate(names[i], expressions[i]);
      } finally {
        frame = caller;
      }
      if (store == null && byValue != null) {
        // The first pass of a constraint has its constants only once this evaluation has read them.
        key = valueKey(byValue);
        store = key == null ? null : shared;
      }
      if (store != null) {
        String[] read = new String[own.readCount];
        for (int j = 0; j < read.length; j++) {
          read[j] = names[own.reads[j]];
        }
        store.put(key, new Shared(result, budget.consumed() - before - own.nestedCost, read));
      }
      return result;
    }

    /**
     * The key of a {@link ValueKeyed} variable in this pass, or null when it is not to be shared: a constant it
     * may read has no stored value (looking would evaluate it, which the variable itself might not do), failed, or
     * is not a plain value whose equality means equal behaviour. Maps are not plain: equal maps can iterate in
     * different orders.
     */
    private ShareKey valueKey(ValueKeyed keyed) {
      Object known = constantValueKeys.get(keyed.key());
      if (known != null) {
        return known == NOT_SHARED ? null : (ShareKey) known;
      }
      Object[] values = new Object[keyed.constantReads().length];
      for (int j = 0; j < values.length; j++) {
        Shared constant = constants.get(names[keyed.constantReads()[j]]);
        if (constant == null) {
          return null; // not known yet: decided again by a later pass
        }
        if (!isPlain(constant.result(), 0)) {
          constantValueKeys.put(keyed.key(), NOT_SHARED);
          return null;
        }
        values[j] = constant.result();
      }
      ShareKey key = ShareKey.of(List.of(keyed.key(), List.of(values)));
      constantValueKeys.put(keyed.key(), key);
      return key;
    }

    /** Charges a reused value's cost and fills in, with their cost, the variables its evaluation read. */
    private void replay(Shared reused) {
      budget.charge(reused.ownCost(), 0, Long.MAX_VALUE);
      // By name: the value may come from another template, whose variables are numbered differently.
      for (String name : reused.reads()) {
        int read = readPositions.position(name);
        if (results[read] == null) {
          results[read] = resolve(read);
        }
      }
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
            entries.add(new AbstractMap.SimpleImmutableEntry<>(name, get(name)));
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
