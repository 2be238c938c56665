package dev.gatehouse.policy.cel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.values.CelValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class JsonTreeTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final KubernetesCelEnvironment ENV = KubernetesCelEnvironment.builder()
      .admissionVariables(true).build();

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "{\"i\":1,\"d\":1.5,\"s\":\"x\",\"b\":false,\"n\":null,\"huge\":99999999999999999999,\"l\":[1,\"a\",null]}",
      "{\"a\":[1,{\"b\":2}],\"e\":{},\"el\":[]}",
      "{\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":4,\"k5\":5,\"k6\":6,\"k7\":7,\"k8\":8,\"k9\":9,\"k10\":{\"x\":[true]}}",
      "[1,[2,[3]],{\"a\":\"b\"}]",
      "\"scalar\"",
      "null"})
  void of_anyDocument_equalsTheLazyViewsAndKeepsDocumentOrder(String json) {
    JsonNode node = JSON.readTree(json);
    Object converted = JsonTree.of(node);
    Object lazy = CelValues.fromJson(node);
    assertThat(converted).isEqualTo(lazy);
    assertThat(lazy).isEqualTo(converted);
    assertThat(converted.hashCode()).isEqualTo(lazy.hashCode());
    if (converted instanceof Map<?, ?> map) {
      assertThat(new ArrayList<>(map.keySet())).isEqualTo(new ArrayList<>(((Map<?, ?>) lazy).keySet()));
    }
    if (node.isContainer()) {
      assertThat(converted).isInstanceOf(CelValue.class);
    }
  }

  @Test
  void of_largeObject_findsEveryKeyAndNoOther() {
    ObjectNode node = JSON.createObjectNode();
    for (int i = 0; i < 50; i++) {
      node.put("key" + i, i);
    }
    Map<?, ?> map = (Map<?, ?>) JsonTree.of(node);
    for (int i = 0; i < 50; i++) {
      assertThat(map.get(new String("key" + i))).isEqualTo((long) i);
      assertThat(map.containsKey("key" + i)).isTrue();
    }
    assertThat(map.get("key50")).isNull();
    assertThat(map.containsKey("key50")).isFalse();
    assertThat(map.get(1L)).isNull();
  }

  @Test
  void of_childReadTwice_isConvertedOnceAndKept() {
    Map<?, ?> pod = (Map<?, ?>) JsonTree.of(JSON.readTree("{\"spec\":{\"containers\":[{\"name\":\"a\"}]}}"));
    Object spec = pod.get("spec");
    List<?> containers = (List<?>) ((Map<?, ?>) spec).get("containers");

    assertThat(pod.get("spec")).isSameAs(spec);
    assertThat(((Map<?, ?>) spec).get("containers")).isSameAs(containers);
    assertThat(containers.get(0)).isSameAs(containers.get(0)).isInstanceOf(CelValue.class);
  }

  @Test
  void of_document_evaluatesAsTheLazyViewsDo() throws Exception {
    JsonNode pod = JSON.readTree("""
        {"metadata":{"name":"web","labels":{"app":"web"}},
         "spec":{"containers":[{"name":"a","image":"nginx","ports":[{"containerPort":80}]},{"name":"b"}]}}""");
    CompiledExpression expression = ENV.compile("""
        object.spec.containers.filter(c, has(c.image)).map(c, c.name + ":" + c.image)
          + [string(object.spec.containers[0].ports[0].containerPort), string(object.metadata.labels["app"])]
          + object.metadata.labels.map(k, k)""");
    Object viaTree = expression.evaluate(Map.of("object", JsonTree.of(pod)));
    Object viaViews = expression.evaluate(Map.of("object", pod));
    assertThat(viaTree).isEqualTo(List.of("a:nginx", "80", "web", "app")).isEqualTo(viaViews);
  }

  @Test
  void of_documentReadFromManyThreadsAtOnce_everyThreadSeesEqualValues() throws Exception {
    ObjectNode node = JSON.createObjectNode();
    for (int i = 0; i < 40; i++) {
      node.putObject("k" + i).put("n", i).putArray("l").add(i).add("x" + i);
    }
    JsonNode document = node;
    Object expected = CelValues.fromJson(document);
    for (int round = 0; round < 20; round++) {
      Map<?, ?> shared = (Map<?, ?>) JsonTree.of(document);
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
      try {
        List<java.util.concurrent.Future<Boolean>> reads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          reads.add(pool.submit(() -> {
            for (int i = 39; i >= 0; i--) {
              Map<?, ?> child = (Map<?, ?>) shared.get("k" + i);
              if (!child.get("n").equals((long) i) || !child.get("l").equals(List.of((long) i, "x" + i))) {
                return false;
              }
            }
            return shared.equals(expected);
          }));
        }
        for (java.util.concurrent.Future<Boolean> read : reads) {
          assertThat(read.get()).isTrue();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
