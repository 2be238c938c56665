package dev.gatehouse.policy.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cel.common.values.CelValue;
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

  @Test
  void views_areCelValuesThatHoldThemselves_soThePlannedRuntimeDoesNotCopyThem() {
    Object object = CelValues.fromJson(JSON.readTree("{\"a\":[1,{\"b\":2}]}"));
    Object array = ((Map<?, ?>) object).get("a");
    Object adapted = CelValues.adapt(Map.of("k", List.of(1)));
    for (Object view : List.of(object, array, adapted, ((Map<?, ?>) adapted).get("k"))) {
      assertThat(view).isInstanceOf(CelValue.class);
      assertThat(((CelValue) view).value()).isSameAs(view);
      assertThat(CelValues.adapt(view)).isSameAs(view);
    }
  }

  @Test
  void views_keepTheMapAndListContracts() {
    @SuppressWarnings("unchecked")
    Map<String, Object> object = (Map<String, Object>) CelValues.fromJson(JSON.readTree("{\"a\":[1,2],\"b\":\"x\"}"));
    Map<String, Object> same = Map.of("a", List.of(1L, 2L), "b", "x");
    assertThat(object).isEqualTo(same);
    assertThat(same).isEqualTo(object);
    assertThat(object.hashCode()).isEqualTo(same.hashCode());
    assertThat(object.keySet()).containsExactlyInAnyOrder("a", "b");
    assertThat(object.values()).containsExactlyInAnyOrder(List.of(1L, 2L), (Object) "x");
    assertThat(object.containsValue("x")).isTrue();
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) object.get("a");
    assertThat(list.hashCode()).isEqualTo(List.of(1L, 2L).hashCode());
    assertThat(list.indexOf(2L)).isEqualTo(1);
    assertThat(list.subList(1, 2)).containsExactly(2L);
    assertThat(((CelValue) list).isZeroValue()).isFalse();
    assertThat(((CelValue) CelValues.fromJson(JSON.readTree("{}"))).isZeroValue()).isTrue();
  }

  @Test
  void views_areReadOnly() {
    @SuppressWarnings("unchecked")
    Map<String, Object> object = (Map<String, Object>) CelValues.fromJson(JSON.readTree("{\"a\":[1]}"));
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) object.get("a");
    assertThatThrownBy(() -> object.put("b", 1L)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> object.remove("a")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(object::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> list.add(2L)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> list.set(0, 2L)).isInstanceOf(UnsupportedOperationException.class);
    var iterator = list.iterator();
    iterator.next();
    assertThatThrownBy(iterator::remove).isInstanceOf(UnsupportedOperationException.class);
  }
}
