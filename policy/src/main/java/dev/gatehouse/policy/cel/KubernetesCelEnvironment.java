package dev.gatehouse.policy.cel;

import com.google.common.collect.ImmutableList;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.extensions.CelListsExtensions;
import dev.cel.extensions.CelStringExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelStandardFunctions;
import dev.cel.validator.CelValidator;
import dev.cel.validator.CelValidatorFactory;
import dev.cel.validator.validators.DurationLiteralValidator;
import dev.cel.validator.validators.HomogeneousLiteralValidator;
import dev.cel.validator.validators.RegexLiteralValidator;
import dev.cel.validator.validators.TimestampLiteralValidator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The CEL environment of Kubernetes admission control (ValidatingAdmissionPolicy and Gatekeeper's
 * K8sNativeValidation engine), built on cel-java: the standard library with Kubernetes' options, the cel-java
 * extensions Kubernetes enables, every {@link KubernetesCelLibraries Kubernetes library}, and the variables the
 * caller declares.
 *
 * <p>Options as Kubernetes sets them: cross-type numeric comparisons, optional types and syntax
 * ({@code object.?spec.?x.orValue(d)}), homogeneous aggregate literals and literal validators (duration, timestamp,
 * regex), parse limits of 100,000 code points and depth 250. Extensions: strings (version 2: no {@code reverse}),
 * lists, two-variable comprehensions, and sets and {@code lists.range} (metered re-implementations in
 * {@link KubernetesCelLibraries}). Not included, as in Kubernetes: math, encoders, {@code cel.bind},
 * cel-java's regex extension. {@code string.format} (missing from cel-java 0.14) comes from
 * {@link KubernetesCelLibraries}. Not available: the authorizer library.
 *
 * <p>Immutable and thread-safe: build once, compile at load time, evaluate concurrently.
 *
 * <pre>{@code
 * KubernetesCelEnvironment env = KubernetesCelEnvironment.builder()
 *     .admissionVariables(true)
 *     .compositedVariable("params", SimpleType.DYN)
 *     .build();
 * CompiledExpression check = env.compile("has(object.metadata.labels)", SimpleType.BOOL);
 * boolean ok = check.evaluateBoolean(Map.of("object", objectJson), EvaluationBudget.of(10_000_000));
 * }</pre>
 */
public final class KubernetesCelEnvironment {
  /** Kubernetes' per-expression cost limit (PerCallLimit). */
  public static final long DEFAULT_PER_CALL_COST_LIMIT = 1_000_000;
  /** The type name of the {@code variables} object whose fields are the composited variables. */
  public static final String VARIABLES_TYPE_NAME = "kubernetes.variables";
  /** The name under which composited variables are declared. */
  public static final String VARIABLES = "variables";

  static final CelOptions OPTIONS = CelOptions.current()
      .enableHeterogeneousNumericComparisons(true)
      .enableOptionalSyntax(true)
      .enableUnsignedLongs(true)
      .enableTimestampEpoch(true)
      .maxExpressionCodePointSize(100_000)
      .maxParseRecursionDepth(250)
      .build();

  private static final Pattern SYNTAX_ERROR =
      Pattern.compile("mismatched input|extraneous input|no viable alternative|missing |token recognition error");
  private static final Pattern EVAL_PREFIX = Pattern.compile("^evaluation error(?: at [^:]*:\\d+)?: ");
  /** cel-java's message for an error value used as a condition: the error's exception chain, then its message. */
  private static final Pattern ERROR_VALUE_CONDITION = Pattern.compile(
      "Expected boolean value, found :ErrorValue\\{exprId=\\d+, value=(?:[A-Za-z_][\\w$]*(?:\\.[A-Za-z_][\\w$]*)+: )*"
          + "(.*)\\}", Pattern.DOTALL);

  /** One runtime serves every environment: it depends only on the options and the libraries. */
  private static final CelRuntime RUNTIME = buildRuntime();

  /**
   * Expressions compiled by any environment, by declarations and text. Compiling is deterministic, and cel-java's
   * checker rebuilds its whole function environment for every expression, which made compiling the larger part of
   * loading templates; templates repeat expressions (Gatekeeper's library declares the same {@code containers}
   * variable in a dozen templates) and a verify run loads the same template for several tests. Bounded (least
   * recently used first out) so that a server reloading templates for months does not grow it without end.
   */
  private static final int COMPILED_CACHE_SIZE = 4096;
  private static final Map<CompileKey, CompiledExpression> COMPILED = java.util.Collections.synchronizedMap(
      new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<CompileKey, CompiledExpression> eldest) {
          return size() > COMPILED_CACHE_SIZE;
        }
      });

  /** Everything a compilation depends on: equal declarations compile equal text to the same program. */
  private record Declarations(Map<String, CelType> variables, List<Map.Entry<String, CelType>> composited,
      boolean compositedDeclared, long perCallCostLimit) {}

  private record CompileKey(Declarations declarations, String expression, List<CelType> expectedTypes) {}

  private final Map<String, CelType> variables;
  private final Map<String, CelType> compositedVariables;
  private final long perCallCostLimit;
  private final Declarations declarations;
  private final boolean compositedDeclared;
  /** Built on the first compilation that is not cached: building a compiler costs as much as compiling. */
  private volatile Tools tools;

  private record Tools(CelCompiler compiler, CelValidator validator) {}

  private KubernetesCelEnvironment(Builder builder) {
    this.variables = Map.copyOf(builder.variables);
    this.compositedVariables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(builder.composited));
    this.perCallCostLimit = builder.perCallCostLimit;
    this.compositedDeclared = builder.compositedDeclared;
    this.declarations = new Declarations(variables, builder.composited.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue())).toList(), compositedDeclared, perCallCostLimit);
  }

  private Tools tools() {
    Tools t = tools;
    if (t == null) {
      CelCompiler compiler = buildCompiler(variables, compositedVariables, compositedDeclared);
      CelValidator validator = CelValidatorFactory.standardCelValidatorBuilder(compiler, RUNTIME)
          .addAstValidators(
              // As in cel-go, format() takes a mixed list of arguments.
              HomogeneousLiteralValidator.newInstance("format"),
              RegexLiteralValidator.INSTANCE,
              DurationLiteralValidator.INSTANCE,
              TimestampLiteralValidator.INSTANCE)
          .build();
      t = new Tools(compiler, validator);
      tools = t;
    }
    return t;
  }

  /** A new builder with no variables declared. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this environment's declarations. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.variables.putAll(variables);
    b.composited.putAll(compositedVariables);
    b.compositedDeclared = !compositedVariables.isEmpty() || b.compositedDeclared;
    b.perCallCostLimit = perCallCostLimit;
    return b;
  }

  /**
   * This environment plus one composited variable, for compiling variables in order: each variable may reference
   * only the variables declared before it.
   */
  public KubernetesCelEnvironment withCompositedVariable(String name, CelType type) {
    return toBuilder().compositedVariable(name, type).build();
  }

  /** The composited variables declared under {@code variables}, in declaration order. */
  public Map<String, CelType> compositedVariables() {
    return compositedVariables;
  }

  /** The top-level variables declared for expressions ({@code object}, {@code request}, ...), by name. */
  public Map<String, CelType> declaredVariables() {
    return variables;
  }

  /**
   * What compiling an expression depends on besides its text and the composited variables it reads: two
   * environments with equal signatures compile a text that reads the same variables, of the same types, to programs
   * that behave the same, whatever other composited variables each declares.
   */
  Object signatureWithoutComposited() {
    return List.of(variables, compositedDeclared, perCallCostLimit);
  }

  /** The per-expression cost limit. */
  public long perCallCostLimit() {
    return perCallCostLimit;
  }

  /** Compiles an expression of any result type. */
  public CompiledExpression compile(String expression) throws CelCompilationException {
    return compile(expression, new CelType[0]);
  }

  /**
   * Compiles an expression that must evaluate to one of {@code expectedTypes} (exactly: {@code dyn} is accepted
   * only when listed), as Kubernetes requires bool for validations and string for message expressions.
   *
   * @throws CelCompilationException with cel-go style messages: parse and check errors with position and snippet,
   *     {@code must evaluate to bool} for a wrong result type
   */
  public CompiledExpression compile(String expression, CelType... expectedTypes) throws CelCompilationException {
    Objects.requireNonNull(expression, "expression");
    CompileKey key = new CompileKey(declarations, expression, List.of(expectedTypes));
    CompiledExpression cached = COMPILED.get(key);
    if (cached != null) {
      return cached;
    }
    try {
      CompiledExpression compiled = compileChecked(expression, expectedTypes);
      COMPILED.put(key, compiled);
      return compiled;
    } catch (RuntimeException e) {
      // Defensive: parser, checker or validators must never take the caller down on hostile input.
      throw CelCompilationException.wholeExpression(expression, "compilation failed: " + e.getMessage());
    }
  }

  private CompiledExpression compileChecked(String expression, CelType... expectedTypes)
      throws CelCompilationException {
    Tools tools = tools();
    CelValidationResult result = tools.compiler().compile(expression);
    if (result.hasError()) {
      throw failure(expression, result);
    }
    CelAbstractSyntaxTree ast;
    try {
      ast = result.getAst();
    } catch (dev.cel.common.CelValidationException e) {
      throw failure(expression, result);
    }
    CelValidationResult validated = tools.validator().validate(ast);
    if (validated.hasError()) {
      throw failure(expression, validated);
    }
    ast = DynamicPresence.rewrite(ast);
    ast = ListsLibrary.narrowDynamicDispatch(ast);
    CelType output = ast.getResultType();
    if (expectedTypes.length > 0 && Arrays.stream(expectedTypes).noneMatch(output::equals)) {
      String reason = expectedTypes.length == 1
          ? "must evaluate to " + expectedTypes[0].name()
          : "must evaluate to one of " + Arrays.stream(expectedTypes).map(CelType::name)
              .collect(Collectors.joining(" ", "[", "]"));
      throw CelCompilationException.wholeExpression(expression, reason);
    }
    try {
      return new CompiledExpression(expression, ast.getExpr(), output, RUNTIME.createProgram(ast), perCallCostLimit);
    } catch (CelEvaluationException e) {
      throw CelCompilationException.wholeExpression(expression, "compilation failed: " + e.getMessage());
    }
  }

  /** Converts a runtime exception from cel-java into cel-go wording (the words Kubernetes users know). */
  static String translateRuntimeMessage(String message) {
    if (message == null) {
      return "evaluation error";
    }
    String m = EVAL_PREFIX.matcher(message).replaceFirst("");
    // cel-java reports an error that reached a condition as the condition's type error with the error value
    // printed inside (Java class names and all); cel-go reports the error itself.
    java.util.regex.Matcher wrapped = ERROR_VALUE_CONDITION.matcher(m);
    if (wrapped.matches()) {
      return translateRuntimeMessage(wrapped.group(1));
    }
    if (m.startsWith("key '") && m.endsWith("' is not present in map.")) {
      return "no such key: " + m.substring(5, m.length() - "' is not present in map.".length());
    }
    if (m.equals("/ by zero")) {
      return "division by zero";
    }
    if (m.equals("% by zero")) {
      return "modulus by zero";
    }
    if (m.equals("long overflow") || m.equals("integer overflow")) {
      return "integer overflow";
    }
    if (m.startsWith("No matching overload for function")) {
      return "no such overload";
    }
    if (m.startsWith("No such attribute(s)")) {
      return "n" + m.substring(1);
    }
    return m;
  }

  private static CelCompilationException failure(String expression, CelValidationResult result) {
    List<CelCompilationException.Issue> issues = new ArrayList<>();
    List<CelIssue> display = new ArrayList<>();
    for (CelIssue issue : result.getErrors()) {
      String message = issue.getMessage();
      if (SYNTAX_ERROR.matcher(message).lookingAt()) {
        // cel-go prefixes grammar errors; Kubernetes users and tests see that prefix.
        message = "Syntax error: " + message;
      }
      issues.add(new CelCompilationException.Issue(issue.getSourceLocation().getLine(),
          issue.getSourceLocation().getColumn() + 1, message));
      display.add(CelIssue.formatError(issue.getSourceLocation(), message));
    }
    return new CelCompilationException(expression, issues, CelIssue.toDisplayString(display, result.getSource()));
  }

  private static CelCompiler buildCompiler(Map<String, CelType> variables, Map<String, CelType> composited,
      boolean compositedDeclared) {
    CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder()
        .setOptions(OPTIONS)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .addLibraries(
            CelExtensions.strings(stringFunctions()),
            CelExtensions.lists(listFunctions()),
            CelExtensions.optional(),
            CelExtensions.comprehensions())
        .addFunctionDeclarations(functionDeclarations());
    variables.forEach(builder::addVar);
    List<CelType> types = new ArrayList<>(AdmissionTypes.ALL);
    if (compositedDeclared) {
      StructType type = AdmissionTypes.struct(VARIABLES_TYPE_NAME, composited);
      types.add(type);
      builder.addVar(VARIABLES, type);
    }
    ImmutableList<CelType> known = ImmutableList.copyOf(types);
    builder.setTypeProvider(new CelTypeProvider() {
      @Override
      public ImmutableList<CelType> types() {
        return known;
      }

      @Override
      public Optional<CelType> findType(String name) {
        return known.stream().filter(t -> t.name().equals(name)).findFirst();
      }
    });
    return builder.build();
  }

  private static CelRuntime buildRuntime() {
    List<CelFunctionBinding> bindings = new ArrayList<>();
    for (KubernetesCelLibrary library : KubernetesCelLibraries.all()) {
      for (LibraryOverload overload : library.overloads()) {
        bindings.add(overload.binding());
      }
    }
    bindings.add(DynamicPresence.OVERLOAD_DEFINITION.binding());
    bindings.addAll(ListConcatenation.bindings(OPTIONS));
    // The planned runtime resolves identifiers, overloads and qualifiers once, when a program is created, where the
    // legacy interpreter looked them up in the AST's maps at every node: ConstraintBenchmark's CEL review went from
    // 390 to about 210 us with it. It needs timestamp(int) enabled; values reach it as CelValues (see MapView).
    return CelRuntimeFactory.plannerRuntimeBuilder()
        .setOptions(OPTIONS)
        .addLibraries(
            CelExtensions.strings(stringFunctions()),
            CelExtensions.lists(listFunctions()),
            CelExtensions.optional(),
            CelExtensions.comprehensions())
        .setStandardFunctions(CelStandardFunctions.newBuilder()
            .filterFunctions((function, overload) -> !ListConcatenation.replaces(function))
            .build())
        .addFunctionBindings(bindings)
        .build();
  }

  /** lists.range comes from {@link ListsRangeLibrary}, which meters it. */
  private static EnumSet<CelListsExtensions.Function> listFunctions() {
    EnumSet<CelListsExtensions.Function> functions = EnumSet.allOf(CelListsExtensions.Function.class);
    functions.remove(CelListsExtensions.Function.RANGE);
    return functions;
  }

  /** Kubernetes enables ext.Strings version 2; {@code reverse} arrived in version 3. */
  private static EnumSet<CelStringExtensions.Function> stringFunctions() {
    EnumSet<CelStringExtensions.Function> functions = EnumSet.allOf(CelStringExtensions.Function.class);
    functions.remove(CelStringExtensions.Function.REVERSE);
    return functions;
  }

  private static List<CelFunctionDecl> functionDeclarations() {
    Map<String, List<CelOverloadDecl>> byName = new LinkedHashMap<>();
    for (KubernetesCelLibrary library : KubernetesCelLibraries.all()) {
      for (LibraryOverload overload : library.overloads()) {
        byName.computeIfAbsent(overload.function(), k -> new ArrayList<>()).add(overload.declaration());
      }
    }
    LibraryOverload presence = DynamicPresence.OVERLOAD_DEFINITION;
    byName.computeIfAbsent(presence.function(), k -> new ArrayList<>()).add(presence.declaration());
    List<CelFunctionDecl> decls = new ArrayList<>();
    byName.forEach((name, overloads) -> decls.add(CelFunctionDecl.newFunctionDeclaration(name, overloads)));
    return decls;
  }

  /** Builds a {@link KubernetesCelEnvironment}. Not thread-safe; the built environment is. */
  public static final class Builder {
    private final Map<String, CelType> variables = new LinkedHashMap<>();
    private final Map<String, CelType> composited = new LinkedHashMap<>();
    private boolean compositedDeclared;
    private long perCallCostLimit = DEFAULT_PER_CALL_COST_LIMIT;

    private Builder() {}

    /** Declares a top-level variable. */
    public Builder variable(String name, CelType type) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      if (name.equals(VARIABLES)) {
        throw new IllegalArgumentException("The name 'variables' is reserved for composited variables; "
            + "declare them with compositedVariable");
      }
      variables.put(name, type);
      return this;
    }

    /**
     * Declares the admission variables as Kubernetes does for admission expressions: {@code object},
     * {@code oldObject} and {@code namespaceObject} ({@code dyn}: unstructured JSON), {@code request} (a
     * {@code kubernetes.AdmissionRequest}), plus {@code params} ({@code dyn}) when the policy has a parameter kind.
     * Also declares an empty {@code variables} object.
     */
    public Builder admissionVariables(boolean withParams) {
      variable("object", SimpleType.DYN);
      variable("oldObject", SimpleType.DYN);
      variable("request", AdmissionTypes.ADMISSION_REQUEST);
      variable("namespaceObject", SimpleType.DYN);
      if (withParams) {
        variable("params", SimpleType.DYN);
      }
      compositedDeclared = true;
      return this;
    }

    /**
     * Declares {@code variables.<name>} with the given type (the compiled type of the variable's expression).
     * Selecting an undeclared name under {@code variables} is then a compile error, as in Kubernetes.
     */
    public Builder compositedVariable(String name, CelType type) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      composited.put(name, type);
      compositedDeclared = true;
      return this;
    }

    /** Sets the per-expression cost limit (default 1,000,000 as in Kubernetes). */
    public Builder perCallCostLimit(long limit) {
      if (limit <= 0) {
        throw new IllegalArgumentException("The per-call cost limit must be positive: " + limit);
      }
      this.perCallCostLimit = limit;
      return this;
    }

    /** Builds the immutable environment. */
    public KubernetesCelEnvironment build() {
      return new KubernetesCelEnvironment(this);
    }
  }
}
