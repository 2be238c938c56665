package dev.gatehouse.policy.cel;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.TypeParamType;
import java.util.List;

/**
 * The sets extension Kubernetes enables: {@code sets.contains(list, sublist)}, {@code sets.equivalent(a, b)},
 * {@code sets.intersects(a, b)}, with CEL equality ({@code sets.contains([1], [1.0])} is true).
 *
 * <p>Replaces cel-java's implementation, which compares every pair of elements in one uninterruptible call: two
 * lists of 200,000 elements would run for minutes. This one charges {@code size(a) * size(b)} cost units first,
 * as cel-go does, so such a call fails with the cost limit before doing the work.
 */
final class SetsLibrary implements KubernetesCelLibrary {
  private static final CelType A = TypeParamType.create("A");
  private static final CelType LIST_A = ListType.create(A);

  // Declared after the static types the overloads use: class initialisation runs in textual order.
  static final SetsLibrary INSTANCE = new SetsLibrary();

  private final List<LibraryOverload> overloads = List.of(
      LibraryOverload.global("sets.contains", "sets_contains_list_list", SimpleType.BOOL, LIST_A, LIST_A,
          List.class, List.class, (a, b) -> {
            charge(a, b);
            return containsAll(a, b);
          }),
      LibraryOverload.global("sets.equivalent", "sets_equivalent_list_list", SimpleType.BOOL, LIST_A, LIST_A,
          List.class, List.class, (a, b) -> {
            charge(a, b);
            charge(b, a);
            return containsAll(a, b) && containsAll(b, a);
          }),
      LibraryOverload.global("sets.intersects", "sets_intersects_list_list", SimpleType.BOOL, LIST_A, LIST_A,
          List.class, List.class, (a, b) -> {
            charge(a, b);
            for (Object element : b) {
              if (contains(a, element)) {
                return true;
              }
            }
            return false;
          }));

  private SetsLibrary() {}

  @Override
  public String name() {
    return "ext.sets";
  }

  @Override
  public List<LibraryOverload> overloads() {
    return overloads;
  }

  private static void charge(List<?> a, List<?> b) {
    long product = (long) a.size() * (long) b.size();
    CompiledExpression.chargeCurrent(Math.max(1, product));
  }

  private static boolean containsAll(List<?> list, List<?> sublist) {
    for (Object element : sublist) {
      if (!contains(list, element)) {
        return false;
      }
    }
    return true;
  }

  private static boolean contains(List<?> list, Object element) {
    for (Object candidate : list) {
      if (CelOperations.equal(candidate, element)) {
        return true;
      }
    }
    return false;
  }
}
