package dev.gatehouse.policy.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cel.common.values.CelValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListConcatenationTest {
  private static final KubernetesCelEnvironment ENV = KubernetesCelEnvironment.builder()
      .admissionVariables(true).build();

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "two literals                       | [1, 2] + [3] == [1, 2, 3]",
      "empty sides                        | [] + [] == [] && [] + [1] == [1] && [1] + [] == [1]",
      "a list with itself                 | [1, 2] + [1, 2] == [1, 2, 1, 2]",
      "chained                            | [1] + [2] + [3] + [4] == [1, 2, 3, 4]",
      "map keeps order                    | [1, 2, 3, 4, 5].map(x, x * 2) == [2, 4, 6, 8, 10]",
      "filter keeps order                 | [5, 1, 4, 2, 3].filter(x, x > 2) == [5, 4, 3]",
      "maps in a list compare as maps     | [{'a': [1]}] + [{'b': [2]}] == [{'a': [1]}, {'b': [2]}]",
      "its type is list                   | type([1] + [2]) == list",
      "indexing and size                  | ([1] + [2, 3])[2] == 3 && size([1] + [2, 3]) == 3",
      "in                                 | 3 in ([1] + [2, 3]) && !(4 in ([1] + [2, 3]))",
      "dyn operands dispatch at run time  | dyn([1]) + dyn([2]) == [1, 2]",
      "other operand types still add      | 1 + 2 == 3 && 'a' + 'b' == 'ab' && 1.5 + 1.0 == 2.5 && 1u + 2u == 3u",
      "strings and bytes still add on dyn | dyn('a') + dyn('b') == 'ab' && dyn(b'a') + dyn(b'b') == b'ab'",
      "a comprehension over a result      | ([1, 2] + [3]).all(x, x > 0) && ([1, 2] + [3]).exists_one(x, x == 3)",
      "nested map over a result           | ([[1], [2]] + [[3]]).map(l, l + [0]) == [[1, 0], [2, 0], [3, 0]]"})
  void concatenation_behavesAsCelListAddition(String behaviour, String expression) throws Exception {
    Object result = ENV.compile(expression).evaluate(Map.of("object", Map.of(), "oldObject", Map.of(),
        "request", Map.of(), "params", Map.of(), "namespaceObject", Map.of()));
    assertThat(result).as(behaviour).isEqualTo(true);
  }

  @Test
  void concat_intOverflowStillFails() {
    assertThatThrownBy(() -> ENV.compile("dyn(9223372036854775807) + dyn(1) == 0").evaluate(Map.of(
        "object", Map.of(), "oldObject", Map.of(), "request", Map.of(), "params", Map.of(),
        "namespaceObject", Map.of())))
        .isInstanceOf(CelEvaluationFailure.class).hasMessageContaining("overflow");
  }

  @Test
  void concat_extendingAListInPlace_leavesEveryEarlierListAsItWas() {
    List<?> base = ListConcatenation.concat(List.of(1L), List.of(2L));
    List<?> first = ListConcatenation.concat(base, List.of(3L));
    // base's array now holds 3 after 2: a second extension of base must not see it, nor overwrite first's.
    List<?> second = ListConcatenation.concat(base, List.of(4L, 5L));
    List<?> third = ListConcatenation.concat(first, List.of(6L));

    assertThat(base).isEqualTo(List.of(1L, 2L));
    assertThat(first).isEqualTo(List.of(1L, 2L, 3L));
    assertThat(second).isEqualTo(List.of(1L, 2L, 4L, 5L));
    assertThat(third).isEqualTo(List.of(1L, 2L, 3L, 6L));
    assertThatThrownBy(() -> base.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void concat_plainMapsAndListsTakenIn_becomeCelValues() {
    Map<String, Object> map = new HashMap<>(Map.of("a", 1L));
    List<?> result = ListConcatenation.concat(List.of(map), List.of(List.of(2L)));

    assertThat(result).isInstanceOf(CelValue.class);
    assertThat(result.get(0)).isInstanceOf(CelValue.class).isEqualTo(map);
    assertThat(result.get(1)).isInstanceOf(CelValue.class).isEqualTo(List.of(2L));
  }

  @Test
  void concat_anEmptySide_returnsTheOtherViewItself() {
    List<?> view = ListConcatenation.concat(List.of(1L), List.of(2L));

    assertThat(ListConcatenation.concat(view, List.of())).isSameAs(view);
    assertThat(ListConcatenation.concat(List.of(), view)).isSameAs(view);
  }

  @Test
  void concat_manyAppendsOneByOne_keepsEveryElement() {
    List<?> list = List.of();
    for (long i = 0; i < 10_000; i++) {
      list = ListConcatenation.concat(list, List.of(i));
    }
    assertThat(list).hasSize(10_000);
    for (int i = 0; i < 10_000; i++) {
      assertThat(list.get(i)).isEqualTo((long) i);
    }
  }

  @Test
  void concat_oneSharedListExtendedFromManyThreads_givesEachItsOwnResult() throws Exception {
    List<?> shared = ListConcatenation.concat(List.of(0L), List.of(1L));
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<List<?>>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long tag = 100 + t;
        futures.add(pool.submit(() -> {
          start.await();
          List<List<?>> results = new ArrayList<>();
          for (int i = 0; i < 2_000; i++) {
            results.add(ListConcatenation.concat(shared, List.of(tag, (long) i)));
          }
          return results;
        }));
      }
      start.countDown();
      for (int t = 0; t < threads; t++) {
        List<List<?>> results = futures.get(t).get();
        for (int i = 0; i < results.size(); i++) {
          assertThat(results.get(i)).isEqualTo(List.of(0L, 1L, 100L + t, (long) i));
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(shared).isEqualTo(List.of(0L, 1L));
  }
}
