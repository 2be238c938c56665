package dev.gatehouse.policy.cel;

import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import java.util.AbstractList;
import java.util.List;

/**
 * {@code lists.range(n)} of the lists extension ({@code [0, 1, ..., n-1]}), metered: cel-java's own implementation
 * builds the whole list in one step, so {@code lists.range(2000000000)} would exhaust the heap before any cost
 * check. This one charges {@code n} cost units first, as cel-go does, and returns a list view that stores nothing.
 */
final class ListsRangeLibrary implements KubernetesCelLibrary {
  static final ListsRangeLibrary INSTANCE = new ListsRangeLibrary();

  private final List<LibraryOverload> overloads = List.of(
      LibraryOverload.global("lists.range", "lists_range", ListType.create(SimpleType.INT), SimpleType.INT,
          Long.class, ListsRangeLibrary::range));

  private ListsRangeLibrary() {}

  @Override
  public String name() {
    return "ext.lists.range";
  }

  @Override
  public List<LibraryOverload> overloads() {
    return overloads;
  }

  private static Object range(Long n) {
    long size = Math.max(0, n);
    CompiledExpression.chargeCurrent(size);
    if (size > Integer.MAX_VALUE - 8) {
      throw new EvaluationBudget.BudgetExceeded(CelEvaluationFailure.Kind.COST_LIMIT_EXCEEDED);
    }
    int length = (int) size;
    return new AbstractList<Long>() {
      @Override
      public Long get(int index) {
        if (index < 0 || index >= length) {
          throw new IndexOutOfBoundsException(index);
        }
        return (long) index;
      }

      @Override
      public int size() {
        return length;
      }
    };
  }
}
