package dev.gatehouse.policy.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverlayMapTest {
  @Test
  void addsAnEntryWithoutTouchingTheBase() {
    Map<String, Object> base = new HashMap<>(Map.of("object", 1, "request", 2));
    OverlayMap overlay = new OverlayMap(base, "params", 3);

    assertThat(overlay).isEqualTo(Map.of("object", 1, "request", 2, "params", 3));
    assertThat(overlay.size()).isEqualTo(3);
    assertThat(overlay.keySet()).containsExactlyInAnyOrder("object", "request", "params");
    assertThat(base).doesNotContainKey("params");
  }

  @Test
  void replacesAnEntryOfTheBase() {
    OverlayMap overlay = new OverlayMap(Map.of("namespaceObject", "ns", "object", 1), "namespaceObject", null);

    assertThat(overlay.size()).isEqualTo(2);
    assertThat(overlay.get("namespaceObject")).isNull();
    assertThat(overlay.containsKey("namespaceObject")).isTrue();
    assertThat(overlay.entrySet()).hasSize(2);
    assertThat(overlay.get("object")).isEqualTo(1);
  }

  @Test
  void absentNameIsNeitherPresentNorMapped() {
    OverlayMap overlay = new OverlayMap(Map.of("object", 1), "params", 3);

    assertThat(overlay.containsKey("oldObject")).isFalse();
    assertThat(overlay.get("oldObject")).isNull();
  }

  @Test
  void isReadOnly() {
    OverlayMap overlay = new OverlayMap(Map.of("object", 1), "params", 3);

    assertThatThrownBy(() -> overlay.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> overlay.entrySet().iterator().remove()).isInstanceOf(RuntimeException.class);
  }
}
