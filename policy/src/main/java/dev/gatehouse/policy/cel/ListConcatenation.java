package dev.gatehouse.policy.cel;

import dev.cel.common.CelOptions;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelStandardFunctions;
import dev.cel.runtime.RuntimeEquality;
import dev.cel.runtime.RuntimeHelpers;
import dev.cel.runtime.standard.AddOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The result of CEL's list concatenation {@code a + b} (overload {@code add_list}), which replaces cel-java's.
 *
 * <p>cel-java's result is a plain list, and its planned runtime walks a plain list element by element (and each
 * element map entry by entry) every time the list is read, returned from a call or stored as a comprehension's
 * accumulator; {@code filter} and {@code map} build their result with one {@code +} per element, so the walks
 * added up to a tenth of a Gatekeeper review. This list is a {@link ListView}, which the runtime passes through, and
 * it adapts the plain maps and lists it is given (map literals, list literals) once, when it takes them in.
 *
 * <p>Concatenations share arrays: {@code a + b} where {@code a} is the newest list over its array and the array has
 * room writes {@code b} after {@code a}'s elements instead of copying them, which keeps a comprehension linear in
 * its length. A list only ever reads the part of the array it was created with, and which list may extend an array
 * is decided by one compare-and-set on the array's count of taken slots, so lists are safe to share between
 * threads (a parameter-only variable's value is shared by every evaluation of its constraint).
 */
final class ListConcatenation extends ListView {
  private final Object[] elements;
  private final int size;
  /** How many slots of {@link #elements} are taken: by this list, by the lists it extends and by those after it. */
  private final AtomicInteger taken;

  private ListConcatenation(Object[] elements, int size, AtomicInteger taken) {
    this.elements = elements;
    this.size = size;
    this.taken = taken;
  }

  /**
   * The bindings of {@code _+_}: cel-java's for every operand type but lists, and this class's for lists. They
   * replace the standard function as a whole (see {@link #replaces}) because cel-java registers a function's
   * overloads, and the entry that picks one at run time for {@code dyn} operands, as one group.
   */
  static Set<CelFunctionBinding> bindings(CelOptions options) {
    RuntimeEquality equality = RuntimeEquality.create(RuntimeHelpers.create(), options);
    List<CelFunctionBinding> overloads = new ArrayList<>();
    // First: a dyn + tries the overloads in order, and policies add lists far more often than anything else.
    overloads.add(CelFunctionBinding.from("add_list", List.class, List.class, ListConcatenation::concat));
    for (AddOperator.AddOverload overload : AddOperator.AddOverload.values()) {
      if (overload != AddOperator.AddOverload.ADD_LIST) {
        overloads.add(overload.newFunctionBinding(options, equality));
      }
    }
    return CelFunctionBinding.fromOverloads("_+_", overloads);
  }

  /** Whether a standard function is one that {@link #bindings} replaces. */
  static boolean replaces(CelStandardFunctions.StandardFunction function) {
    return function == CelStandardFunctions.StandardFunction.ADD;
  }

  /** {@code left + right}. */
  static List<?> concat(List<?> left, List<?> right) {
    int extra = right.size();
    // A view is immutable, so an empty side lets the other stand for the result as it is.
    if (extra == 0 && left instanceof ListView) {
      return left;
    }
    if (left.isEmpty() && right instanceof ListView) {
      return right;
    }
    if (left instanceof ListConcatenation l && l.size + extra <= l.elements.length
        && l.taken.compareAndSet(l.size, l.size + extra)) {
      copyAdapted(right, l.elements, l.size);
      return new ListConcatenation(l.elements, l.size + extra, l.taken);
    }
    int leftSize = left.size();
    int size = Math.addExact(leftSize, extra);
    // Room to grow by half again: a comprehension's accumulator then copies O(n) elements in all.
    Object[] elements = new Object[Math.max(4, size + (size >> 1))];
    if (left instanceof ListConcatenation l) {
      System.arraycopy(l.elements, 0, elements, 0, leftSize);
    } else {
      copyAdapted(left, elements, 0);
    }
    copyAdapted(right, elements, leftSize);
    return new ListConcatenation(elements, size, new AtomicInteger(size));
  }

  private static void copyAdapted(List<?> from, Object[] to, int at) {
    if (from instanceof RandomAccess) {
      int n = from.size();
      for (int i = 0; i < n; i++) {
        to[at + i] = CelValues.adapt(from.get(i));
      }
    } else {
      // cel-java's comprehension accumulator finds an element by walking its parts.
      int i = at;
      for (Object element : from) {
        to[i++] = CelValues.adapt(element);
      }
    }
  }

  @Override
  public Object get(int index) {
    Objects.checkIndex(index, size);
    return elements[index];
  }

  @Override
  public int size() {
    return size;
  }
}
