package dev.gatehouse.policy.cel;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelReference;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.TypeParamType;
import dev.cel.runtime.CelEvaluationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Kubernetes' list library ({@code kubernetes.lists}): {@code isSorted()}, {@code sum()}, {@code min()},
 * {@code max()}, {@code indexOf(x)}, {@code lastIndexOf(x)}.
 *
 * <p>Declared exactly as Kubernetes declares them: one overload per element type ({@code list_int_sum_int},
 * {@code list_double_sum_double}, ...), so {@code ['a'].sum()} is a compile error and an empty {@code list(double)}
 * sums to {@code 0.0}. cel-java dispatches by Java class and every list is a {@link List}, so a {@code dyn}
 * receiver, for which the checker keeps every candidate overload, would be ambiguous at run time;
 * {@link #narrowDynamicDispatch} therefore keeps the first candidate, whose implementation handles any element type
 * dynamically (as cel-go's does), with the int zero for an empty list.
 *
 * <p>Errors: {@code min called on empty list}, {@code max called on empty list}; incomparable elements in a
 * {@code dyn} list: {@code no such overload}; int overflow in {@code sum}: {@code integer overflow}.
 */
final class ListsLibrary implements KubernetesCelLibrary {
  private static final CelType A = TypeParamType.create("A");

  /** Element types that sum(), by the names Kubernetes uses in overload ids, with their zero values. */
  private static final Map<String, Object> SUMMABLE_ZEROS = summableZeros();
  /** Element types that isSorted(), min() and max() accept. */
  private static final Map<String, CelType> COMPARABLE = comparable();

  // Declared after the static types the overloads use: class initialisation runs in textual order.
  static final ListsLibrary INSTANCE = new ListsLibrary();

  private final List<LibraryOverload> overloads = build();
  private final Set<String> typedIds = overloads.stream()
      .filter(o -> !o.overloadId().startsWith("list_a_"))
      .map(LibraryOverload::overloadId)
      .collect(Collectors.toUnmodifiableSet());

  private ListsLibrary() {}

  private static Map<String, Object> summableZeros() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("int", 0L);
    m.put("uint", UnsignedLong.ZERO);
    m.put("double", 0.0);
    m.put("duration", Duration.ZERO);
    return m;
  }

  private static Map<String, CelType> comparable() {
    Map<String, CelType> m = new LinkedHashMap<>();
    m.put("int", SimpleType.INT);
    m.put("uint", SimpleType.UINT);
    m.put("double", SimpleType.DOUBLE);
    m.put("bool", SimpleType.BOOL);
    m.put("duration", SimpleType.DURATION);
    m.put("timestamp", SimpleType.TIMESTAMP);
    m.put("string", SimpleType.STRING);
    m.put("bytes", SimpleType.BYTES);
    return m;
  }

  private static List<LibraryOverload> build() {
    List<LibraryOverload> list = new ArrayList<>();
    COMPARABLE.forEach((name, type) -> list.add(LibraryOverload.member("isSorted",
        "list_" + name + "_is_sorted_bool", SimpleType.BOOL, ListType.create(type), List.class,
        ListsLibrary::isSorted)));
    SUMMABLE_ZEROS.forEach((name, zero) -> list.add(LibraryOverload.member("sum", "list_" + name + "_sum_" + name,
        COMPARABLE.get(name), ListType.create(COMPARABLE.get(name)), List.class, l -> sum(l, zero))));
    COMPARABLE.forEach((name, type) -> list.add(LibraryOverload.member("max", "list_" + name + "_max_" + name,
        type, ListType.create(type), List.class, l -> extreme(l, "max", -1))));
    COMPARABLE.forEach((name, type) -> list.add(LibraryOverload.member("min", "list_" + name + "_min_" + name,
        type, ListType.create(type), List.class, l -> extreme(l, "min", 1))));
    list.add(LibraryOverload.member("indexOf", "list_a_index_of_int", SimpleType.INT, ListType.create(A), A,
        List.class, Object.class, (l, item) -> indexOf(l, item, false)));
    list.add(LibraryOverload.member("lastIndexOf", "list_a_last_index_of_int", SimpleType.INT, ListType.create(A),
        A, List.class, Object.class, (l, item) -> indexOf(l, item, true)));
    return List.copyOf(list);
  }

  @Override
  public String name() {
    return "kubernetes.lists";
  }

  @Override
  public List<LibraryOverload> overloads() {
    return overloads;
  }

  /**
   * Rewrites calls whose candidates are several of this library's typed overloads (a {@code dyn} receiver) to the
   * first candidate; returns {@code ast} itself when there is none.
   */
  static CelAbstractSyntaxTree narrowDynamicDispatch(CelAbstractSyntaxTree ast) {
    Map<Long, CelReference> references = null;
    for (Map.Entry<Long, CelReference> e : ast.getReferenceMap().entrySet()) {
      List<String> ids = e.getValue().overloadIds();
      if (ids.size() > 1 && INSTANCE.typedIds.containsAll(ids)) {
        if (references == null) {
          references = new HashMap<>(ast.getReferenceMap());
        }
        references.put(e.getKey(), CelReference.newBuilder().setName(e.getValue().name())
            .addOverloadIds(ids.get(0)).build());
      }
    }
    if (references == null) {
      return ast;
    }
    return CelAbstractSyntaxTree.newCheckedAst(ast.getExpr(), ast.getSource(), references, ast.getTypeMap());
  }

  private static Object isSorted(List<?> list) throws CelEvaluationException {
    Object previous = null;
    for (Object next : list) {
      if (previous != null && CelOperations.compare(previous, next) > 0) {
        return false;
      }
      previous = next;
    }
    return true;
  }

  private static Object sum(List<?> list, Object zero) throws CelEvaluationException {
    Object total = null;
    for (Object next : list) {
      total = total == null ? requireSummable(next) : CelOperations.add(total, next);
    }
    return total == null ? zero : total;
  }

  private static Object requireSummable(Object value) throws CelEvaluationException {
    if (CelOperations.isNumber(value) || value instanceof Duration) {
      return value;
    }
    throw CelOperations.error("no such overload");
  }

  /** Keeps the first element unless a later one compares with {@code replaceWhen} against it (1: smaller). */
  private static Object extreme(List<?> list, String name, int replaceWhen) throws CelEvaluationException {
    Object result = null;
    for (Object next : list) {
      if (result == null) {
        result = next;
        CelOperations.compare(next, next); // rejects incomparable values even in one-element lists
      } else if (Integer.signum(CelOperations.compare(result, next)) == replaceWhen) {
        result = next;
      }
    }
    if (result == null) {
      throw CelOperations.error(name + " called on empty list");
    }
    return result;
  }

  private static Object indexOf(List<?> list, Object item, boolean last) {
    if (last) {
      for (int i = list.size() - 1; i >= 0; i--) {
        if (CelOperations.equal(list.get(i), item)) {
          return (long) i;
        }
      }
    } else {
      for (int i = 0; i < list.size(); i++) {
        if (CelOperations.equal(list.get(i), item)) {
          return (long) i;
        }
      }
    }
    return -1L;
  }
}
