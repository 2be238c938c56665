package dev.gatehouse.policy.cel;

import java.util.Map;

/** Shared environment and helpers for the library table tests. */
final class CelTestSupport {
  static final KubernetesCelEnvironment ENV = KubernetesCelEnvironment.builder().admissionVariables(true).build();

  private CelTestSupport() {}

  /** Evaluates and renders the result, or "error: <message>" / "compile error: <messages>". */
  static String eval(String expression) {
    try {
      Object result = ENV.compile(expression).evaluate(Map.of());
      return render(result);
    } catch (CelCompilationException e) {
      return "compile error: " + e.messages();
    } catch (CelEvaluationFailure e) {
      return "error: " + e.getMessage();
    }
  }

  static String render(Object value) {
    if (value instanceof String s) {
      return "'" + s + "'";
    }
    if (value instanceof java.util.Optional<?> o) {
      return o.map(v -> "optional(" + render(v) + ")").orElse("optional.none");
    }
    if (value instanceof java.util.List<?> l) {
      return l.stream().map(CelTestSupport::render).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }
    return String.valueOf(value);
  }
}
