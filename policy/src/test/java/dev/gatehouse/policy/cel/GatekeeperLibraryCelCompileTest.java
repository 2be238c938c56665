package dev.gatehouse.policy.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Compiles every CEL expression of the Gatekeeper library's K8sNativeValidation templates (variables in order,
 * validations, messageExpressions, matchConditions) with the variables Gatekeeper declares. The library folder is
 * read in place: {@code -Dgatehouse.gatekeeperLibrary=PATH}, default the shared conformance checkout.
 */
class GatekeeperLibraryCelCompileTest {
  private static final Path LIBRARY = Path.of(System.getProperty("gatehouse.gatekeeperLibrary",
      "/work/shared/conformance/gatekeeper-library"));
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  /** Gatekeeper's internal variables, defined before the template's own (gatekeeper.md, CEL contract). */
  static final List<Map.Entry<String, String>> GATEKEEPER_VARIABLES = List.of(
      Map.entry("params", "!has(params.spec) ? null : !has(params.spec.parameters) ? null : params.spec.parameters"),
      Map.entry("anyObject",
          "has(request.operation) && request.operation == \"DELETE\" && object == null ? oldObject : object"));

  /** Gatekeeper's environment: the VAP variables, params = the constraint, plus variables.params and anyObject. */
  static KubernetesCelEnvironment gatekeeperEnvironment() {
    try {
      return CompositedVariables.compile(KubernetesCelEnvironment.builder().admissionVariables(true).build(),
          GATEKEEPER_VARIABLES).environment();
    } catch (CelCompilationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void gatekeeperLibrary_everyCelExpression_compiles() throws IOException {
    assumeTrue(Files.isDirectory(LIBRARY), "Gatekeeper library not found at " + LIBRARY);
    List<Path> templates;
    try (Stream<Path> files = Files.walk(LIBRARY)) {
      templates = files.filter(p -> p.getFileName().toString().equals("template.yaml")).sorted().toList();
    }
    List<String> failures = new ArrayList<>();
    int compiled = 0;
    int celTemplates = 0;
    for (Path template : templates) {
      JsonNode doc = YAML.readTree(template.toFile());
      for (JsonNode target : doc.path("spec").path("targets")) {
        for (JsonNode code : target.path("code")) {
          if (!"K8sNativeValidation".equals(code.path("engine").asString())) {
            continue;
          }
          celTemplates++;
          JsonNode source = code.path("source");
          KubernetesCelEnvironment env = gatekeeperEnvironment();
          for (JsonNode variable : source.path("variables")) {
            String name = variable.path("name").asString();
            CelType type = SimpleType.DYN;
            try {
              type = env.compile(variable.path("expression").asString()).outputType();
              compiled++;
            } catch (CelCompilationException e) {
              failures.add(LIBRARY.relativize(template) + " variable " + name + ": " + e.getMessage());
            }
            env = env.withCompositedVariable(name, type);
          }
          for (String key : List.of("matchCondition", "matchConditions")) {
            for (JsonNode condition : source.path(key)) {
              compiled += compile(env, template, "matchCondition " + condition.path("name").asString(),
                  condition.path("expression").asString(), failures, SimpleType.BOOL);
            }
          }
          int index = 0;
          for (JsonNode validation : source.path("validations")) {
            compiled += compile(env, template, "validation " + index, validation.path("expression").asString(),
                failures, SimpleType.BOOL);
            if (validation.has("messageExpression")) {
              compiled += compile(env, template, "messageExpression " + index,
                  validation.path("messageExpression").asString(), failures, SimpleType.STRING);
            }
            index++;
          }
        }
      }
    }
    System.out.printf("Gatekeeper library: %d K8sNativeValidation templates, %d expressions compiled, %d failed%n",
        celTemplates, compiled, failures.size());
    failures.forEach(System.out::println);
    assertThat(celTemplates).isPositive();
    assertThat(failures).isEmpty();
  }

  private static int compile(KubernetesCelEnvironment env, Path template, String what, String expression,
      List<String> failures, CelType expected) {
    try {
      env.compile(expression, expected);
      return 1;
    } catch (CelCompilationException e) {
      failures.add(LIBRARY.relativize(template) + " " + what + ": " + e.getMessage());
      return 0;
    }
  }

  @Test
  void requiredLabels_missingLabel_validationFalseAndMessage() throws Exception {
    KubernetesCelEnvironment env = gatekeeperEnvironment();
    CompiledExpression validation = env.compile("(has(variables.anyObject.metadata) && variables.params.labels.all("
        + "entry, has(variables.anyObject.metadata.labels) && entry.key in variables.anyObject.metadata.labels))",
        SimpleType.BOOL);
    CompiledExpression message = env.compile("\"missing required label, requires all of: \" + "
        + "variables.params.labels.map(entry, entry.key).join(\", \")", SimpleType.STRING);
    JsonNode pod = YAML.readTree("metadata: {name: p, labels: {team: a}}");
    JsonNode params = YAML.readTree("labels: [{key: team}, {key: owner}]");
    Map<String, Object> activation = Map.of("variables", Map.of("anyObject", pod, "params", params));
    EvaluationBudget budget = EvaluationBudget.of(10_000_000);
    assertThat(validation.evaluateBoolean(activation, budget)).isFalse();
    assertThat(message.evaluateString(activation, budget))
        .isEqualTo("missing required label, requires all of: team, owner");
  }
}
