package dev.gatehouse.policy.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cel.common.types.SimpleType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class CompositedVariablesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final KubernetesCelEnvironment BASE = KubernetesCelEnvironment.builder()
      .admissionVariables(true).build();

  @Test
  void compile_laterVariableReferencesEarlier_typedByCompiledType() throws Exception {
    CompositedVariables vars = CompositedVariables.compile(BASE, List.of(
        Map.entry("replicas", "object.spec.replicas"),
        Map.entry("tooMany", "variables.replicas > 3")));
    assertThat(vars.variables().get("tooMany").outputType()).isEqualTo(SimpleType.BOOL);
    CompiledExpression rule = vars.environment().compile("!variables.tooMany", SimpleType.BOOL);
    Map<String, Object> activation = vars.activation(Map.of("object", JSON.readTree("{\"spec\":{\"replicas\":5}}")),
        EvaluationBudget.unlimited());
    assertThat(rule.evaluateBoolean(activation, EvaluationBudget.unlimited())).isFalse();
  }

  @Test
  void compile_referenceToLaterVariable_undefinedField() {
    assertThatThrownBy(() -> CompositedVariables.compile(BASE, List.of(
        Map.entry("a", "variables.b"),
        Map.entry("b", "1"))))
        .isInstanceOf(CelCompilationException.class)
        .hasMessageContaining("variable \"a\"")
        .hasMessageContaining("undefined field 'b'");
  }

  @Test
  void compile_duplicateName_rejected() {
    assertThatThrownBy(() -> CompositedVariables.compile(BASE, List.of(Map.entry("a", "1"), Map.entry("a", "2"))))
        .hasMessage("variable \"a\" is defined more than once");
  }

  @Test
  void evaluate_failingVariable_compositedVariableMessage() throws Exception {
    CompositedVariables vars = CompositedVariables.compile(BASE, List.of(Map.entry("x", "object.missing")));
    CompiledExpression rule = vars.environment().compile("variables.x == 1", SimpleType.BOOL);
    CompiledExpression absorbing = vars.environment().compile("true || variables.x == 1", SimpleType.BOOL);
    EvaluationBudget budget = EvaluationBudget.unlimited();
    Map<String, Object> activation = vars.activation(Map.of("object", JSON.readTree("{}")), budget);
    assertThatThrownBy(() -> rule.evaluate(activation, budget))
        .hasMessage("composited variable \"x\" fails to evaluate: no such key: missing");
    assertThat(absorbing.evaluate(activation, budget)).isEqualTo(true);
  }

  @Test
  void evaluate_variableUsedTwice_evaluatedOnce() throws Exception {
    CompositedVariables vars = CompositedVariables.compile(BASE,
        List.of(Map.entry("all", "[1,2,3,4,5,6,7,8,9,10].map(x, x * x)")));
    CompiledExpression twice = vars.environment().compile("size(variables.all) + size(variables.all)");
    CompiledExpression once = vars.environment().compile("size(variables.all)");
    EvaluationBudget first = EvaluationBudget.unlimited();
    once.evaluate(vars.activation(Map.of(), first), first);
    EvaluationBudget second = EvaluationBudget.unlimited();
    twice.evaluate(vars.activation(Map.of(), second), second);
    // The second use costs only the selection and size(), not another evaluation of the list.
    assertThat(second.consumed() - first.consumed()).isLessThan(10);
  }

  @Test
  void evaluate_gatekeeperInternalVariables_anyObjectFallsBackToOldObjectOnDelete() throws Exception {
    CompositedVariables vars = CompositedVariables.compile(BASE, List.of(
        Map.entry("params", "!has(params.spec) ? null : !has(params.spec.parameters) ? null : params.spec.parameters"),
        Map.entry("anyObject", "has(request.operation) && request.operation == \"DELETE\" && object == null"
            + " ? oldObject : object")));
    CompiledExpression name = vars.environment().compile("variables.anyObject.metadata.name", SimpleType.DYN);
    CompiledExpression noParams = vars.environment().compile("variables.params == null", SimpleType.BOOL);
    java.util.HashMap<String, Object> base = new java.util.HashMap<>();
    base.put("object", null);
    base.put("oldObject", JSON.readTree("{\"metadata\":{\"name\":\"old\"}}"));
    base.put("request", JSON.readTree("{\"operation\":\"DELETE\"}"));
    base.put("params", JSON.readTree("{\"spec\":{}}"));
    base.put("namespaceObject", null);
    EvaluationBudget budget = EvaluationBudget.of(10_000_000);
    Map<String, Object> activation = vars.activation(base, budget);
    assertThat(name.evaluate(activation, budget)).isEqualTo("old");
    assertThat(noParams.evaluateBoolean(activation, budget)).isTrue();
  }

  @Test
  void evaluate_sharedResults_reusedAcrossPassesAtTheSameCost() throws Exception {
    List<Map.Entry<String, String>> definitions = List.of(
        Map.entry("names", "object.items.map(i, i.name)"),
        Map.entry("count", "size(variables.names)"),
        Map.entry("limited", "variables.names.filter(n, n in params.allowed)"));
    CompositedVariables first = CompositedVariables.compile(BASE, definitions);
    CompositedVariables second = CompositedVariables.compile(BASE, definitions);
    CompiledExpression rule = first.environment().compile("variables.count == 2 && size(variables.limited) >= 0",
        SimpleType.BOOL);
    java.util.HashMap<String, Object> base = new java.util.HashMap<>();
    base.put("object", JSON.readTree("{\"items\":[{\"name\":\"a\"},{\"name\":\"b\"}]}"));
    base.put("params", JSON.readTree("{\"allowed\":[\"a\"]}"));
    CompositedVariables.SharedResults shared = new CompositedVariables.SharedResults(java.util.Set.of("object"));

    EvaluationBudget alone = EvaluationBudget.unlimited();
    assertThat(rule.evaluateBoolean(first.activation(base, alone), alone)).isTrue();
    EvaluationBudget storing = EvaluationBudget.unlimited();
    assertThat(rule.evaluateBoolean(first.activation(base, storing, shared), storing)).isTrue();
    EvaluationBudget reusing = EvaluationBudget.unlimited();
    Map<String, Object> activation = second.activation(base, reusing, shared);
    assertThat(rule.evaluateBoolean(activation, reusing)).isTrue();
    assertThat(storing.consumed()).isEqualTo(alone.consumed());
    assertThat(reusing.consumed()).isEqualTo(alone.consumed());
    @SuppressWarnings("unchecked")
    Map<String, Object> variables = (Map<String, Object>) activation.get(KubernetesCelEnvironment.VARIABLES);
    assertThat(variables.get("names")).isEqualTo(List.of("a", "b"));
  }

  @Test
  void evaluate_sharedResults_variableReadingVaryingInputNotShared() throws Exception {
    CompositedVariables vars = CompositedVariables.compile(BASE, List.of(
        Map.entry("names", "object.items"),
        Map.entry("limited", "variables.names.filter(n, n in params.allowed)")));
    CompiledExpression size = vars.environment().compile("size(variables.limited)");
    CompositedVariables.SharedResults shared = new CompositedVariables.SharedResults(java.util.Set.of("object"));
    Object object = JSON.readTree("{\"items\":[\"a\",\"b\"]}");
    EvaluationBudget budget = EvaluationBudget.unlimited();
    assertThat(size.evaluate(vars.activation(Map.of("object", object, "params",
        JSON.readTree("{\"allowed\":[\"a\"]}")), budget, shared), budget)).isEqualTo(1L);
    assertThat(size.evaluate(vars.activation(Map.of("object", object, "params",
        JSON.readTree("{\"allowed\":[\"a\",\"b\"]}")), budget, shared), budget)).isEqualTo(2L);
  }

  @Test
  void evaluate_sharedResults_failureReusedWithItsMessage() throws Exception {
    CompositedVariables vars = CompositedVariables.compile(BASE, List.of(Map.entry("x", "object.missing")));
    CompiledExpression rule = vars.environment().compile("variables.x == 1", SimpleType.BOOL);
    CompositedVariables.SharedResults shared = new CompositedVariables.SharedResults(java.util.Set.of("object"));
    Object object = JSON.readTree("{}");
    for (int pass = 0; pass < 2; pass++) {
      EvaluationBudget budget = EvaluationBudget.unlimited();
      Map<String, Object> activation = vars.activation(Map.of("object", object), budget, shared);
      assertThatThrownBy(() -> rule.evaluate(activation, budget))
          .hasMessage("composited variable \"x\" fails to evaluate: no such key: missing");
    }
  }

  @Test
  void evaluate_constantResults_parameterOnlyVariableKeptForThePassesOfOneConstraintAtTheSameCost() throws Exception {
    CompositedVariables vars = CompositedVariables.compile(BASE, List.of(
        Map.entry("allowed", "params.allowed.map(a, a + '!')"),
        Map.entry("kept", "object.items.filter(i, i + '!' in variables.allowed)")));
    CompiledExpression rule = vars.environment().compile("size(variables.kept)");
    Object object = JSON.readTree("{\"items\":[\"a\",\"b\"]}");
    Object params = JSON.readTree("{\"allowed\":[\"a\"]}");
    EvaluationBudget alone = EvaluationBudget.unlimited();
    assertThat(rule.evaluate(vars.activation(Map.of("object", object, "params", params), alone), alone))
        .isEqualTo(1L);

    CompositedVariables.ConstantResults constants = new CompositedVariables.ConstantResults(
        java.util.Set.of("params"));
    EvaluationBudget storing = EvaluationBudget.unlimited();
    assertThat(rule.evaluate(vars.activation(Map.of("object", object, "params", params), storing, null, constants),
        storing)).isEqualTo(1L);
    // Same constraint, so the same params by contract: different ones here show the stored value is what is read.
    EvaluationBudget reusing = EvaluationBudget.unlimited();
    assertThat(rule.evaluate(vars.activation(Map.of("object", object, "params",
        JSON.readTree("{\"allowed\":[\"a\",\"b\"]}")), reusing, null, constants), reusing)).isEqualTo(1L);
    assertThat(storing.consumed()).isEqualTo(alone.consumed());
    assertThat(reusing.consumed()).isEqualTo(alone.consumed());
  }

  @Test
  void evaluate_constantResults_variableReadingTheObjectEvaluatedEveryPass() throws Exception {
    CompositedVariables vars = CompositedVariables.compile(BASE, List.of(
        Map.entry("kept", "object.items.filter(i, i in params.allowed)")));
    CompiledExpression size = vars.environment().compile("size(variables.kept)");
    CompositedVariables.ConstantResults constants = new CompositedVariables.ConstantResults(
        java.util.Set.of("params"));
    Object params = JSON.readTree("{\"allowed\":[\"a\",\"b\"]}");
    EvaluationBudget budget = EvaluationBudget.unlimited();
    assertThat(size.evaluate(vars.activation(Map.of("object", JSON.readTree("{\"items\":[\"a\"]}"), "params",
        params), budget, null, constants), budget)).isEqualTo(1L);
    assertThat(size.evaluate(vars.activation(Map.of("object", JSON.readTree("{\"items\":[\"a\",\"b\"]}"),
        "params", params), budget, null, constants), budget)).isEqualTo(2L);
  }

  @Test
  void evaluate_constantResults_variableReadingADeclaredNameMissingFromTheActivationNotKept() throws Exception {
    CompositedVariables vars = CompositedVariables.compile(BASE, List.of(
        Map.entry("op", "request.operation + params.suffix")));
    CompiledExpression rule = vars.environment().compile("variables.op");
    CompositedVariables.ConstantResults constants = new CompositedVariables.ConstantResults(
        java.util.Set.of("params"));
    Object params = JSON.readTree("{\"suffix\":\"!\"}");
    EvaluationBudget budget = EvaluationBudget.unlimited();
    assertThatThrownBy(() -> rule.evaluate(vars.activation(Map.of("params", params), budget, null, constants),
        budget)).hasMessageContaining("composited variable \"op\" fails to evaluate");
    assertThat(rule.evaluate(vars.activation(Map.of("params", params, "request",
        Map.of("operation", "CREATE")), budget, null, constants), budget)).isEqualTo("CREATE!");
  }

  @Test
  void evaluate_constantResults_failureKeptWithItsMessage() throws Exception {
    CompositedVariables vars = CompositedVariables.compile(BASE, List.of(
        Map.entry("exempt", "params.exemptImages")));
    CompiledExpression rule = vars.environment().compile("size(variables.exempt) == 0", SimpleType.BOOL);
    CompositedVariables.ConstantResults constants = new CompositedVariables.ConstantResults(
        java.util.Set.of("params"));
    java.util.HashMap<String, Object> base = new java.util.HashMap<>();
    base.put("params", null);
    for (int pass = 0; pass < 2; pass++) {
      EvaluationBudget budget = EvaluationBudget.unlimited();
      Map<String, Object> activation = vars.activation(base, budget, null, constants);
      assertThatThrownBy(() -> rule.evaluate(activation, budget))
          .hasMessageStartingWith("composited variable \"exempt\" fails to evaluate: ");
    }
  }

  @Test
  void evaluate_constantAndSharedResults_variableReadingParametersNeverSharedBetweenConstraints() throws Exception {
    List<Map.Entry<String, String>> definitions = List.of(
        Map.entry("exempt", "!has(params.exempt) ? [] : params.exempt"),
        Map.entry("checked", "object.items.filter(i, !(i in variables.exempt))"));
    // Two templates defining the same variables, one constraint each, reviewing one object.
    CompositedVariables first = CompositedVariables.compile(BASE, definitions);
    CompositedVariables second = CompositedVariables.compile(BASE, definitions);
    CompiledExpression size = first.environment().compile("size(variables.checked)");
    CompositedVariables.SharedResults shared = new CompositedVariables.SharedResults(java.util.Set.of("object"));
    Object object = JSON.readTree("{\"items\":[\"a\",\"b\"]}");
    EvaluationBudget budget = EvaluationBudget.unlimited();
    assertThat(size.evaluate(first.activation(Map.of("object", object, "params", JSON.readTree("{}")), budget,
        shared, new CompositedVariables.ConstantResults(java.util.Set.of("params"))), budget)).isEqualTo(2L);
    assertThat(size.evaluate(second.activation(Map.of("object", object, "params",
        JSON.readTree("{\"exempt\":[\"a\"]}")), budget, shared,
        new CompositedVariables.ConstantResults(java.util.Set.of("params"))), budget)).isEqualTo(1L);
  }

  /** The value of {@code name} in a pass of {@code vars} over {@code base}, after {@code rule} read it. */
  private static Object passValue(CompositedVariables vars, Map<String, Object> base, String name,
      CompositedVariables.SharedResults shared, CompositedVariables.ConstantResults constants, long[] cost)
      throws Exception {
    EvaluationBudget budget = EvaluationBudget.unlimited();
    Map<String, Object> activation = vars.activation(base, budget, shared, constants);
    vars.environment().compile("variables." + name).evaluate(activation, budget);
    cost[0] = budget.consumed();
    @SuppressWarnings("unchecked")
    Map<String, Object> variables = (Map<String, Object>) activation.get(KubernetesCelEnvironment.VARIABLES);
    return variables.get(name);
  }

  @Test
  void evaluate_sharedResults_sameVariableOfTemplatesDeclaringOtherVariablesFirstSharedAtTheSameCost()
      throws Exception {
    // The second template numbers its variables differently; the shared value records what it read by name.
    CompositedVariables first = CompositedVariables.compile(BASE, List.of(
        Map.entry("items", "object.items"),
        Map.entry("names", "variables.items.map(i, i.name)")));
    CompositedVariables second = CompositedVariables.compile(BASE, List.of(
        Map.entry("unrelated", "object.other.map(x, x * 2)"),
        Map.entry("items", "object.items"),
        Map.entry("names", "variables.items.map(i, i.name)")));
    Map<String, Object> base = Map.of("object",
        JSON.readTree("{\"items\":[{\"name\":\"a\"},{\"name\":\"b\"}],\"other\":[1,2,3]}"));
    long[] alone = new long[1];
    passValue(second, base, "names", null, null, alone);
    CompositedVariables.SharedResults shared = new CompositedVariables.SharedResults(java.util.Set.of("object"));
    long[] storing = new long[1];
    long[] reusing = new long[1];
    Object stored = passValue(first, base, "names", shared, null, storing);
    Object reused = passValue(second, base, "names", shared, null, reusing);
    assertThat(reused).isSameAs(stored).isEqualTo(List.of("a", "b"));
    assertThat(reusing[0]).isEqualTo(alone[0]);
  }

  @Test
  void evaluate_sharedResults_sameVariableLaidOutDifferentlySharedButADifferentOneIsNot() throws Exception {
    CompositedVariables first = CompositedVariables.compile(BASE, List.of(
        Map.entry("names", "object.items.map(i, i.name)")));
    CompositedVariables relaidOut = CompositedVariables.compile(BASE, List.of(
        Map.entry("names", "object.items.map(\n  i,\n  i.name  // the names\n)")));
    CompositedVariables different = CompositedVariables.compile(BASE, List.of(
        Map.entry("names", "object.items.map(i, i.other)")));
    Map<String, Object> base = Map.of("object",
        JSON.readTree("{\"items\":[{\"name\":\"a\",\"other\":\"x\"},{\"name\":\"b\",\"other\":\"y\"}]}"));
    CompositedVariables.SharedResults shared = new CompositedVariables.SharedResults(java.util.Set.of("object"));
    long[] cost = new long[1];
    Object stored = passValue(first, base, "names", shared, null, cost);
    Object reused = passValue(relaidOut, base, "names", shared, null, cost);
    Object own = passValue(different, base, "names", shared, null, cost);
    assertThat(reused).isSameAs(stored).isEqualTo(List.of("a", "b"));
    assertThat(own).isEqualTo(List.of("x", "y"));
  }

  @Test
  void evaluate_sharedByValue_variableReadingEqualConstantsOfTwoConstraintsSharedAtTheSameCost()
      throws Exception {
    List<Map.Entry<String, String>> definitions = List.of(
        Map.entry("exempt", "!has(params.exempt) ? [] : params.exempt"),
        Map.entry("checked", "object.items.filter(i, !(i in variables.exempt))"));
    CompositedVariables vars = CompositedVariables.compile(BASE, definitions);
    Object object = JSON.readTree("{\"items\":[\"a\",\"b\"]}");
    Map<String, Object> constraintA = Map.of("object", object, "params", JSON.readTree("{\"exempt\":[\"a\"]}"));
    Map<String, Object> constraintB = Map.of("object", object, "params", JSON.readTree("{\"exempt\":[\"a\"]}"));
    Map<String, Object> constraintC = Map.of("object", object, "params", JSON.readTree("{}"));
    CompositedVariables.ConstantResults constantsA = new CompositedVariables.ConstantResults(Set.of("params"));
    CompositedVariables.ConstantResults constantsB = new CompositedVariables.ConstantResults(Set.of("params"));
    CompositedVariables.ConstantResults constantsC = new CompositedVariables.ConstantResults(Set.of("params"));
    long[] alone = new long[1];
    passValue(vars, constraintB, "checked", null, constantsB, alone);

    CompositedVariables.SharedResults shared = new CompositedVariables.SharedResults(Set.of("object"));
    long[] cost = new long[1];
    Object a = passValue(vars, constraintA, "checked", shared, constantsA, cost);
    Object b = passValue(vars, constraintB, "checked", shared, constantsB, cost);
    assertThat(b).isSameAs(a).isEqualTo(List.of("b"));
    assertThat(cost[0]).isEqualTo(alone[0]);
    Object c = passValue(vars, constraintC, "checked", shared, constantsC, cost);
    assertThat(c).isNotSameAs(a).isEqualTo(List.of("a", "b"));
  }

  @Test
  void evaluate_sharedByValue_constantThatIsAMapNotUsedAsAKey() throws Exception {
    // Equal maps may iterate in different orders, so a value computed from one is not reused for the other.
    CompositedVariables vars = CompositedVariables.compile(BASE, List.of(
        Map.entry("labels", "params.labels"),
        Map.entry("keys", "object.items.map(i, variables.labels.map(k, k))")));
    Object object = JSON.readTree("{\"items\":[1]}");
    CompositedVariables.SharedResults shared = new CompositedVariables.SharedResults(Set.of("object"));
    long[] cost = new long[1];
    Object first = passValue(vars, Map.of("object", object, "params", JSON.readTree("{\"labels\":{\"a\":1,\"b\":2}}")),
        "keys", shared, new CompositedVariables.ConstantResults(Set.of("params")), cost);
    Object second = passValue(vars, Map.of("object", object, "params", JSON.readTree("{\"labels\":{\"b\":2,\"a\":1}}")),
        "keys", shared, new CompositedVariables.ConstantResults(Set.of("params")), cost);
    assertThat(first).isEqualTo(List.of(List.of("a", "b")));
    assertThat(second).isEqualTo(List.of(List.of("b", "a")));
  }

  @Test
  void evaluate_failingVariableInAComprehensionCondition_reportsTheVariablesError() throws Exception {
    CompositedVariables vars = CompositedVariables.compile(BASE, List.of(
        Map.entry("bad", "object.missing"),
        Map.entry("kept", "object.items.filter(i, variables.bad == i || variables.bad == i)")));
    CompiledExpression rule = vars.environment().compile("size(variables.kept) == 0", SimpleType.BOOL);
    EvaluationBudget budget = EvaluationBudget.unlimited();
    Map<String, Object> activation = vars.activation(Map.of("object", JSON.readTree("{\"items\":[1]}")), budget);
    assertThatThrownBy(() -> rule.evaluate(activation, budget)).hasMessage("composited variable \"kept\" fails to "
        + "evaluate: composited variable \"bad\" fails to evaluate: no such key: missing");
  }
}
