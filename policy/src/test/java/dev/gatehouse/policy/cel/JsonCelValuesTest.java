package dev.gatehouse.policy.cel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.values.NullValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class JsonCelValuesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void fromJson_object_isMapViewWithAdaptedScalars() {
    Object value = CelValues.fromJson(JSON.readTree(
        "{\"i\":1,\"d\":1.0,\"s\":\"x\",\"b\":false,\"n\":null,\"huge\":99999999999999999999,\"l\":[1,\"a\"]}"));
    assertThat(value).isInstanceOf(Map.class);
    Map<?, ?> map = (Map<?, ?>) value;
    assertThat(map.get("i")).isEqualTo(1L);
    assertThat(map.get("d")).isEqualTo(1.0);
    assertThat(map.get("s")).isEqualTo("x");
    assertThat(map.get("b")).isEqualTo(false);
    assertThat(map.get("n")).isEqualTo(NullValue.NULL_VALUE);
    assertThat(map.get("huge")).isEqualTo(1.0E20);
    assertThat(map.get("l")).isEqualTo(List.of(1L, "a"));
    assertThat(map.containsKey("missing")).isFalse();
    assertThat(map.get("missing")).isNull();
    assertThat(map).hasSize(7);
  }

  @Test
  void fromJson_equalTrees_equalViews() {
    Object a = CelValues.fromJson(JSON.readTree("{\"a\":[1,{\"b\":2}]}"));
    assertThat(a).isEqualTo(Map.of("a", List.of(1L, Map.of("b", 2L))));
  }

  @Test
  void adapt_javaValues_widenedAndNullIsCelNull() {
    assertThat(CelValues.adapt(null)).isEqualTo(NullValue.NULL_VALUE);
    assertThat(CelValues.adapt(3)).isEqualTo(3L);
    assertThat(CelValues.adapt(1.5f)).isEqualTo(1.5);
    Map<?, ?> adapted = (Map<?, ?>) CelValues.adapt(Map.of("k", List.of(1, 2)));
    assertThat(adapted.get("k")).isEqualTo(List.of(1L, 2L));
  }
}
