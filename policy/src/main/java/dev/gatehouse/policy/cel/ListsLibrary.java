package dev.gatehouse.policy.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelReference;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.TypeParamType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kubernetes' list library ({@code kubernetes.lists}): {@code isSorted()}, {@code sum()}, {@code min()},
 * {@code max()}, {@code indexOf(x)}, {@code lastIndexOf(x)}.
 *
 * <p>Kubernetes declares one overload per element type ({@code list(int).sum()}, {@code list(double).sum()}, ...).
 * cel-java dispatches by Java class, and every list is a {@link List}, so a {@code dyn} receiver would match all of
 * them and fail as ambiguous. Each function is therefore declared once over {@code list(A)}, and
 * {@link #checkElementTypes} restores Kubernetes' compile-time restriction of the element type. One difference
 * remains: {@code sum()} of an empty list is int {@code 0} whatever the declared element type.
 *
 * <p>Errors: {@code min called on empty list}, {@code max called on empty list}; mixed incomparable elements in a
 * {@code dyn} list: {@code no such overload}.
 */
final class ListsLibrary implements KubernetesCelLibrary {
  private static final CelType A = TypeParamType.create("A");
  private static final CelType LIST_A = ListType.create(A);

  private static final Map<String, Set<CelKind>> ELEMENT_KINDS = Map.of(
      "list_a_is_sorted_bool", comparableKinds(),
      "list_a_min_a", comparableKinds(),
      "list_a_max_a", comparableKinds(),
      "list_a_sum_a", Set.of(CelKind.INT, CelKind.UINT, CelKind.DOUBLE, CelKind.DURATION, CelKind.DYN,
          CelKind.TYPE_PARAM));

  // Declared after the static types the overloads use: class initialisation runs in textual order.
  static final ListsLibrary INSTANCE = new ListsLibrary();

  private final List<LibraryOverload> overloads = List.of(
      LibraryOverload.member("isSorted", "list_a_is_sorted_bool", SimpleType.BOOL, LIST_A, List.class,
          ListsLibrary::isSorted),
      LibraryOverload.member("sum", "list_a_sum_a", A, LIST_A, List.class, ListsLibrary::sum),
      LibraryOverload.member("min", "list_a_min_a", A, LIST_A, List.class, list -> extreme(list, "min", 1)),
      LibraryOverload.member("max", "list_a_max_a", A, LIST_A, List.class, list -> extreme(list, "max", -1)),
      LibraryOverload.member("indexOf", "list_a_index_of_int", SimpleType.INT, LIST_A, A, List.class,
          Object.class, (list, item) -> indexOf(list, item, false)),
      LibraryOverload.member("lastIndexOf", "list_a_last_index_of_int", SimpleType.INT, LIST_A, A, List.class,
          Object.class, (list, item) -> indexOf(list, item, true)));

  private ListsLibrary() {}

  @Override
  public String name() {
    return "kubernetes.lists";
  }

  @Override
  public List<LibraryOverload> overloads() {
    return overloads;
  }

  /**
   * Rejects {@code isSorted}, {@code sum}, {@code min} and {@code max} on lists whose element type is known and not
   * supported, with the checker's wording, e.g. {@code found no matching overload for 'sum' applied to
   * 'list(string).()'}.
   */
  static Optional<String> checkElementTypes(CelAbstractSyntaxTree ast) {
    return CelNavigableAst.fromAst(ast).getRoot().allNodes()
        .map(CelNavigableExpr::expr)
        .filter(e -> e.exprKind().getKind() == CelExpr.ExprKind.Kind.CALL && e.call().target().isPresent())
        .map(e -> elementTypeError(ast, e))
        .flatMap(Optional::stream)
        .findFirst();
  }

  private static Optional<String> elementTypeError(CelAbstractSyntaxTree ast, CelExpr call) {
    Optional<CelReference> reference = ast.getReference(call.id());
    if (reference.isEmpty() || reference.get().overloadIds().size() != 1) {
      return Optional.empty();
    }
    Set<CelKind> allowed = ELEMENT_KINDS.get(reference.get().overloadIds().get(0));
    if (allowed == null) {
      return Optional.empty();
    }
    Optional<CelType> target = ast.getType(call.call().target().get().id());
    if (target.isEmpty() || !(target.get() instanceof ListType list) || !list.hasElemType()
        || allowed.contains(list.elemType().kind())) {
      return Optional.empty();
    }
    return Optional.of("found no matching overload for '" + call.call().function() + "' applied to '"
        + typeName(list) + ".()'");
  }

  static String typeName(CelType type) {
    if (type instanceof ListType list) {
      return "list(" + (list.hasElemType() ? typeName(list.elemType()) : "dyn") + ")";
    }
    if (type instanceof MapType map) {
      return "map(" + typeName(map.keyType()) + ", " + typeName(map.valueType()) + ")";
    }
    return type.name();
  }

  private static Set<CelKind> comparableKinds() {
    return Set.of(CelKind.INT, CelKind.UINT, CelKind.DOUBLE, CelKind.BOOL, CelKind.DURATION, CelKind.TIMESTAMP,
        CelKind.STRING, CelKind.BYTES, CelKind.DYN, CelKind.TYPE_PARAM);
  }

  private static Object isSorted(List<?> list) throws dev.cel.runtime.CelEvaluationException {
    Object previous = null;
    for (Object next : list) {
      if (previous != null && CelOperations.compare(previous, next) > 0) {
        return false;
      }
      previous = next;
    }
    return true;
  }

  private static Object sum(List<?> list) throws dev.cel.runtime.CelEvaluationException {
    Object total = null;
    for (Object next : list) {
      total = total == null ? requireSummable(next) : CelOperations.add(total, next);
    }
    return total == null ? 0L : total;
  }

  private static Object requireSummable(Object value) throws dev.cel.runtime.CelEvaluationException {
    if (CelOperations.isNumber(value) || value instanceof java.time.Duration) {
      return value;
    }
    throw CelOperations.error("no such overload");
  }

  /** Keeps the first element unless a later one compares with {@code replaceWhen} against it (1: smaller). */
  private static Object extreme(List<?> list, String name, int replaceWhen)
      throws dev.cel.runtime.CelEvaluationException {
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
