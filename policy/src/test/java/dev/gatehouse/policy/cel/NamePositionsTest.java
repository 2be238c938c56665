package dev.gatehouse.policy.cel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamePositionsTest {

  private static NamePositions positionsOf(int count) {
    Map<String, Integer> byName = new HashMap<>();
    for (int i = 0; i < count; i++) {
      byName.put("name" + i, i);
    }
    return new NamePositions(byName);
  }

  @Test
  void position_otherInstancesOfTheNames_foundBeforeAndAfterTheyAreLearned() {
    NamePositions positions = positionsOf(100);
    String[] asked = new String[100];
    for (int i = 0; i < 100; i++) {
      asked[i] = new String("name" + i);
    }
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 100; i++) {
        assertThat(positions.position(asked[i])).isEqualTo(i);
        // A second instance of the same name, never asked before, is found by its characters.
        assertThat(positions.position(new String("name" + i))).isEqualTo(i);
      }
    }
  }

  @Test
  void position_unknownNamesAndOtherKeys_areMinusOneEveryTime() {
    NamePositions positions = positionsOf(3);
    String unknown = "name3";
    for (int round = 0; round < 2; round++) {
      assertThat(positions.position(unknown)).isEqualTo(-1);
      assertThat(positions.position(1L)).isEqualTo(-1);
      assertThat(positions.position(null)).isEqualTo(-1);
    }
    assertThat(positions.position("name2")).isEqualTo(2);
  }

  @Test
  void position_moreInstancesThanItLearns_stillAnswersByName() {
    NamePositions positions = positionsOf(2);
    for (int i = 0; i < 10_000; i++) {
      assertThat(positions.position(new String("name" + (i % 2)))).isEqualTo(i % 2);
    }
  }
}
