package dev.gatehouse.policy.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cel.common.types.SimpleType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class KubernetesCelEnvironmentTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final KubernetesCelEnvironment ENV = KubernetesCelEnvironment.builder()
      .admissionVariables(true)
      .compositedVariable("params", SimpleType.DYN)
      .build();

  private static JsonNode json(String text) {
    return JSON.readTree(text);
  }

  static Stream<Arguments> compileErrors() {
    return Stream.of(
        Arguments.of("undeclaredReference_reportsPosition", "object.spec || nope", 1, 16,
            "undeclared reference to 'nope' (in container '')"),
        Arguments.of("syntaxError_reportsPosition", "object.spec ==", 1, 15, "Syntax error: mismatched input '<EOF>'"),
        Arguments.of("undefinedCompositedVariable_undefinedField", "variables.missing", 1, 10,
            "undefined field 'missing'"),
        Arguments.of("heterogeneousListLiteral_rejected", "[1, 'a']", 1, 5, "expected type 'int' but found 'string'"),
        Arguments.of("requestTypo_undefinedField", "request.operaton == 'CREATE'", 1, 8,
            "undefined field 'operaton'"),
        Arguments.of("requestUid_notDeclared", "request.uid", 1, 8, "undefined field 'uid'"),
        Arguments.of("reverseIsStringsV3_undeclared", "'abc'.reverse()", 1, 14, "found no matching overload"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("compileErrors")
  void compile_invalidExpression_reportsIssue(String name, String expression, int line, int column,
      String messagePrefix) {
    assertThatThrownBy(() -> ENV.compile(expression))
        .isInstanceOfSatisfying(CelCompilationException.class, e -> {
          assertThat(e.expression()).isEqualTo(expression);
          assertThat(e.issues()).isNotEmpty();
          CelCompilationException.Issue issue = e.issues().get(0);
          assertThat(issue.message()).startsWith(messagePrefix);
          assertThat(issue.line()).isEqualTo(line);
          assertThat(issue.column()).isEqualTo(column);
          assertThat(e.getMessage()).startsWith("ERROR: <input>:" + line + ":" + column + ": ");
        });
  }

  @Test
  void compile_nestingBeyondLimit_compileErrorNotCrash() {
    String deep = "(".repeat(400) + "1" + ")".repeat(400);
    assertThatThrownBy(() -> ENV.compile(deep)).isInstanceOf(CelCompilationException.class);
  }

  @Test
  void compile_longerThanCodePointLimit_compileError() {
    String huge = "'" + "a".repeat(100_001) + "'";
    assertThatThrownBy(() -> ENV.compile(huge)).isInstanceOf(CelCompilationException.class)
        .hasMessageContaining("100000");
  }

  @Test
  void evaluate_hugeRange_costLimitBeforeAllocation() throws Exception {
    assertThat(ENV.compile("lists.range(3)").evaluate(Map.of())).isEqualTo(List.of(0L, 1L, 2L));
    CompiledExpression huge = ENV.compile("size(lists.range(2000000000))");
    assertThatThrownBy(() -> huge.evaluate(Map.of()))
        .isInstanceOfSatisfying(CelEvaluationFailure.class,
            f -> assertThat(f.kind()).isEqualTo(CelEvaluationFailure.Kind.COST_LIMIT_EXCEEDED));
  }

  @Test
  void evaluate_setsOnHugeLists_costLimitBeforeQuadraticWork() throws Exception {
    List<Long> big = java.util.stream.LongStream.range(0, 200_000).boxed().toList();
    CompiledExpression e = ENV.compile("sets.equivalent(object.l, object.l)");
    assertThatThrownBy(() -> e.evaluate(Map.of("object", Map.of("l", big))))
        .isInstanceOfSatisfying(CelEvaluationFailure.class,
            f -> assertThat(f.kind()).isEqualTo(CelEvaluationFailure.Kind.COST_LIMIT_EXCEEDED));
  }

  @Test
  void evaluate_regexOnLongInput_chargedByLength() throws Exception {
    EvaluationBudget budget = EvaluationBudget.unlimited();
    ENV.compile("object.s.find('[a-z]+[0-9]+')").evaluate(Map.of("object", Map.of("s", "x".repeat(10_000))), budget);
    assertThat(budget.consumed()).isGreaterThan(3_000);
  }

  @Test
  void evaluate_concurrentCallers_sameResults() throws Exception {
    CompiledExpression e = ENV.compile("object.items.map(x, x * 2).sum()");
    JsonNode object = json("{\"items\":[1,2,3,4]}");
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Object>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 200; i++) {
        results.add(pool.submit(() -> e.evaluate(Map.of("object", object))));
      }
      for (java.util.concurrent.Future<Object> result : results) {
        assertThat(result.get()).isEqualTo(20L);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void compile_dynResultWhereBoolRequired_mustEvaluateToBool() {
    assertThatThrownBy(() -> ENV.compile("object.spec.flag", SimpleType.BOOL))
        .isInstanceOf(CelCompilationException.class)
        .hasMessage("must evaluate to bool");
  }

  @Test
  void compile_wrongTypeAmongSeveral_listsAllowedTypes() {
    assertThatThrownBy(() -> ENV.compile("1", SimpleType.STRING, SimpleType.NULL_TYPE))
        .hasMessage("must evaluate to one of [string null_type]");
  }

  @Test
  void compile_boolComparisonOnDyn_acceptedAsBool() throws Exception {
    assertThat(ENV.compile("object.spec.flag == true", SimpleType.BOOL).outputType()).isEqualTo(SimpleType.BOOL);
  }

  @Test
  void evaluate_jsonObject_integersAreIntAndOthersDouble() throws Exception {
    JsonNode object = json("{\"spec\":{\"replicas\":3,\"ratio\":1.5,\"big\":12345678901234567890,\"name\":\"x\","
        + "\"flag\":true,\"none\":null,\"list\":[1,2]}}");
    Map<String, Object> activation = Map.of("object", object);
    assertThat(ENV.compile("type(object.spec.replicas) == int").evaluate(activation)).isEqualTo(true);
    assertThat(ENV.compile("type(object.spec.ratio) == double").evaluate(activation)).isEqualTo(true);
    assertThat(ENV.compile("type(object.spec.big) == double").evaluate(activation)).isEqualTo(true);
    assertThat(ENV.compile("object.spec.none == null && object.spec.flag && object.spec.name == 'x'")
        .evaluate(activation)).isEqualTo(true);
    assertThat(ENV.compile("object.spec.list.map(x, x * 2)").evaluate(activation)).isEqualTo(List.of(2L, 4L));
    assertThat(ENV.compile("object.spec.replicas < 3.5 && object.spec.replicas == 3.0").evaluate(activation))
        .isEqualTo(true);
  }

  static Stream<Arguments> presenceTests() {
    return Stream.of(
        Arguments.of("key present in a map", "has(object.spec.replicas)", true),
        Arguments.of("key absent from a map", "has(object.spec.paused)", false),
        Arguments.of("field of a JSON null is absent, as in cel-go", "has(object.spec.template.metadata)", false),
        Arguments.of("field of a null variable is absent (Gatekeeper's params without parameters)",
            "!has(variables.params.exemptImages) ? [] : variables.params.exemptImages", List.of()),
        Arguments.of("field of a string is absent", "has(object.kind.name)", false),
        Arguments.of("field of a number is absent", "has(object.spec.replicas.value)", false),
        Arguments.of("presence inside a comprehension", "object.spec.containers.filter(c, has(c.image)).size()",
            1L),
        Arguments.of("typed request fields are still tested by the runtime", "has(request.operation)", true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("presenceTests")
  void evaluate_presenceTest_asCelGo(String behaviour, String expression, Object expected) throws Exception {
    Map<String, Object> activation = new HashMap<>();
    activation.put("object", json("{\"kind\":\"Deployment\",\"spec\":{\"replicas\":3,\"template\":null,"
        + "\"containers\":[{\"image\":\"nginx\"},{\"name\":\"x\"}]}}"));
    activation.put("request", json("{\"operation\":\"CREATE\"}"));
    CompositedVariables variables = CompositedVariables.compile(ENV, List.of(Map.entry("params", "object.spec.template")));
    assertThat(variables.environment().compile(expression)
        .evaluate(variables.activation(activation, EvaluationBudget.unlimited()))).isEqualTo(expected);
  }

  @Test
  void evaluate_presenceTestOnAList_isAnError() throws Exception {
    Map<String, Object> activation = Map.of("object", json("{\"items\":[1,2]}"));
    assertThatThrownBy(() -> ENV.compile("has(object.items.name)").evaluate(activation))
        .isInstanceOf(CelEvaluationFailure.class)
        .hasMessageContaining("unsupported index type 'string' in list");
  }

  @Test
  void compile_presenceFunctionIsNotCallableByName() {
    assertThatThrownBy(() -> ENV.compile("@gatehouse_has(object, 'spec')"))
        .isInstanceOf(CelCompilationException.class);
  }

  @Test
  void evaluate_jsonObject_hasAndOptionalAccess() throws Exception {
    Map<String, Object> activation = Map.of("object", json("{\"metadata\":{\"labels\":{\"a.b/c\":\"v\"}}}"));
    assertThat(ENV.compile("has(object.metadata.labels) && !has(object.spec)").evaluate(activation))
        .isEqualTo(true);
    assertThat(ENV.compile("object.metadata.labels['a.b/c']").evaluate(activation)).isEqualTo("v");
    assertThat(ENV.compile("object.?spec.?replicas.orValue(1)").evaluate(activation)).isEqualTo(1L);
    assertThat(ENV.compile("object.metadata.labels.all(k, v, k.contains('/') && v == 'v')").evaluate(activation))
        .isEqualTo(true);
  }

  @Test
  void evaluate_missingKey_noSuchKey() throws Exception {
    CompiledExpression e = ENV.compile("object.spec.replicas > 1");
    assertThatThrownBy(() -> e.evaluate(Map.of("object", json("{\"spec\":{}}"))))
        .isInstanceOfSatisfying(CelEvaluationFailure.class,
            f -> assertThat(f.kind()).isEqualTo(CelEvaluationFailure.Kind.ERROR))
        .hasMessage("no such key: replicas");
  }

  @Test
  void evaluate_mixedIntDoubleArithmetic_noSuchOverload() throws Exception {
    CompiledExpression e = ENV.compile("object.a + object.b");
    assertThatThrownBy(() -> e.evaluate(Map.of("object", json("{\"a\":1,\"b\":1.5}"))))
        .hasMessage("no such overload");
  }

  @Test
  void evaluate_typedRequest_readsUnstructuredRequest() throws Exception {
    JsonNode request = json("{\"uid\":\"1\",\"operation\":\"CREATE\",\"kind\":{\"group\":\"\",\"version\":\"v1\","
        + "\"kind\":\"Pod\"},\"userInfo\":{\"username\":\"alice\",\"groups\":[\"dev\"]},\"dryRun\":false}");
    Map<String, Object> activation = Map.of("request", request);
    assertThat(ENV.compile("request.operation == 'CREATE' && request.kind.kind == 'Pod' && !request.dryRun "
        + "&& 'dev' in request.userInfo.groups && !has(request.namespace)", SimpleType.BOOL).evaluate(activation))
        .isEqualTo(true);
    assertThat(ENV.compile("request.userInfo.username", SimpleType.STRING).evaluate(activation)).isEqualTo("alice");
  }

  @Test
  void evaluate_nullObject_isCelNull() throws Exception {
    Map<String, Object> activation = new HashMap<>();
    activation.put("object", null);
    activation.put("oldObject", json("{\"a\":1}"));
    assertThat(ENV.compile("object == null ? oldObject.a : 0").evaluate(activation)).isEqualTo(1L);
  }

  @Test
  void evaluate_compositedVariables_readFromVariablesMap() throws Exception {
    KubernetesCelEnvironment env = ENV.withCompositedVariable("names", SimpleType.DYN);
    Map<String, Object> activation = Map.of("variables", Map.of("params", Map.of("max", 2), "names",
        List.of("a", "b", "c")));
    assertThat(env.compile("size(variables.names) > variables.params.max", SimpleType.BOOL).evaluate(activation))
        .isEqualTo(true);
  }

  @Test
  void evaluate_messageExpression_string() throws Exception {
    CompiledExpression message = ENV.compile("'missing: ' + ['a', 'b'].join(', ')", SimpleType.STRING);
    assertThat(message.evaluateString(Map.of(), EvaluationBudget.unlimited())).isEqualTo("missing: a, b");
  }

  @Test
  void evaluate_perCallLimitExceeded_costLimitFailure() throws Exception {
    KubernetesCelEnvironment small = ENV.toBuilder().perCallCostLimit(100).build();
    CompiledExpression e = small.compile("[1,2,3,4,5,6,7,8,9,10].all(x, [1,2,3,4,5,6,7,8,9,10].all(y, x * y > 0))");
    assertThatThrownBy(() -> e.evaluate(Map.of()))
        .isInstanceOfSatisfying(CelEvaluationFailure.class,
            f -> assertThat(f.kind()).isEqualTo(CelEvaluationFailure.Kind.COST_LIMIT_EXCEEDED))
        .hasMessage("operation cancelled: actual cost limit exceeded");
  }

  @Test
  void evaluate_sharedBudget_exhaustedAcrossExpressions() throws Exception {
    CompiledExpression e = ENV.compile("[1,2,3].all(x, x > 0)");
    EvaluationBudget budget = EvaluationBudget.of(30);
    e.evaluate(Map.of(), budget);
    long afterOne = budget.consumed();
    assertThat(afterOne).isPositive();
    assertThatThrownBy(() -> {
      for (int i = 0; i < 10; i++) {
        e.evaluate(Map.of(), budget);
      }
    }).isInstanceOfSatisfying(CelEvaluationFailure.class,
        f -> assertThat(f.kind()).isEqualTo(CelEvaluationFailure.Kind.COST_LIMIT_EXCEEDED));
    assertThat(budget.exhausted()).isTrue();
  }

  @Test
  void evaluate_deadlinePassed_deadlineFailure() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:10Z"), ZoneOffset.UTC);
    EvaluationBudget budget = EvaluationBudget.of(1_000_000, Instant.parse("2026-01-01T00:00:05Z"), clock);
    assertThatThrownBy(() -> ENV.compile("true").evaluate(Map.of(), budget))
        .isInstanceOfSatisfying(CelEvaluationFailure.class,
            f -> assertThat(f.kind()).isEqualTo(CelEvaluationFailure.Kind.DEADLINE_EXCEEDED));
  }

  @Test
  void evaluate_undeclaredActivationEntry_isIgnoredAndMissingDeclaredIsError() throws Exception {
    CompiledExpression e = ENV.compile("object.a");
    assertThatThrownBy(() -> e.evaluate(Map.of("other", 1))).isInstanceOf(CelEvaluationFailure.class)
        .hasMessageStartingWith("no such attribute(s)");
  }

  @Test
  void evaluate_extensions_stringsSetsListsTwoVarComprehensions() throws Exception {
    assertThat(ENV.compile("'a,b'.split(',') == ['a', 'b'] && ' x '.trim() == 'x' && 'A'.lowerAscii() == 'a'")
        .evaluate(Map.of())).isEqualTo(true);
    assertThat(ENV.compile("sets.contains([1, 2, 3], [2]) && sets.intersects([1], [1, 2])").evaluate(Map.of()))
        .isEqualTo(true);
    assertThat(ENV.compile("[3, 1, 2].sort() == [1, 2, 3] && [[1], [2]].flatten() == [1, 2]").evaluate(Map.of()))
        .isEqualTo(true);
    assertThat(ENV.compile("{'a': 1}.transformMap(k, v, v + 1) == {'a': 2}").evaluate(Map.of()))
        .isEqualTo(true);
  }
  @Test
  void compile_sameExpressionInEqualEnvironments_compiledOnce() throws Exception {
    KubernetesCelEnvironment one = KubernetesCelEnvironment.builder().admissionVariables(true)
        .compositedVariable("n", SimpleType.INT).build();
    KubernetesCelEnvironment other = KubernetesCelEnvironment.builder().admissionVariables(true)
        .compositedVariable("n", SimpleType.INT).build();
    CompiledExpression first = one.compile("variables.n > 1 && has(object.spec)", SimpleType.BOOL);
    assertThat(other.compile("variables.n > 1 && has(object.spec)", SimpleType.BOOL)).isSameAs(first);
  }

  @Test
  void compile_sameExpressionWithOtherDeclarations_compiledForEach() throws Exception {
    KubernetesCelEnvironment intN = KubernetesCelEnvironment.builder().admissionVariables(true)
        .compositedVariable("n", SimpleType.INT).build();
    KubernetesCelEnvironment stringN = KubernetesCelEnvironment.builder().admissionVariables(true)
        .compositedVariable("n", SimpleType.STRING).build();
    CompiledExpression asInt = intN.compile("variables.n");
    CompiledExpression asString = stringN.compile("variables.n");
    assertThat(asInt.outputType()).isEqualTo(SimpleType.INT);
    assertThat(asString.outputType()).isEqualTo(SimpleType.STRING);
    assertThatThrownBy(() -> stringN.compile("variables.n", SimpleType.BOOL))
        .isInstanceOf(CelCompilationException.class).hasMessageContaining("must evaluate to bool");
    assertThat(intN.compile("variables.n", SimpleType.INT)).isNotSameAs(asInt);
  }

  @Test
  void compile_failingExpressionAgain_failsAgainWithTheSameMessage() {
    KubernetesCelEnvironment env = KubernetesCelEnvironment.builder().admissionVariables(true).build();
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> env.compile("object.spec +", SimpleType.BOOL))
          .isInstanceOf(CelCompilationException.class).hasMessageContaining("Syntax error");
    }
  }
}
