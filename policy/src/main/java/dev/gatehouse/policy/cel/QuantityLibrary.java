package dev.gatehouse.policy.cel;

import dev.cel.common.types.CelType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import java.util.List;

/**
 * Kubernetes' quantity library ({@code kubernetes.quantity}): {@code quantity(s)}, {@code isQuantity(s)},
 * {@code sign(q)}, and on a quantity {@code isGreaterThan}, {@code isLessThan}, {@code compareTo}, {@code add} and
 * {@code sub} (with a quantity or an int), {@code asInteger()} ({@code cannot convert value to integer} when not an
 * in-range integer), {@code isInteger()}, {@code asApproximateFloat()}. Quantities compare equal by value.
 *
 * <p>Parsing follows {@code resource.ParseQuantity} (see {@link Quantity}); its error texts are the evaluation error
 * messages, e.g. {@code quantities must match the regular expression ...}.
 */
final class QuantityLibrary implements KubernetesCelLibrary {
  /** The CEL type of quantities. */
  static final CelType QUANTITY = OpaqueType.create("kubernetes.Quantity");

  // Declared after the static types the overloads use: class initialisation runs in textual order.
  static final QuantityLibrary INSTANCE = new QuantityLibrary();

  private final List<LibraryOverload> overloads = List.of(
      LibraryOverload.global("quantity", "string_to_quantity", QUANTITY, SimpleType.STRING, String.class,
          QuantityLibrary::parse),
      LibraryOverload.global("isQuantity", "is_quantity_string", SimpleType.BOOL, SimpleType.STRING, String.class,
          QuantityLibrary::isQuantity),
      LibraryOverload.global("sign", "quantity_sign", SimpleType.INT, QUANTITY, Quantity.class,
          q -> (long) q.sign()),
      LibraryOverload.member("isGreaterThan", "quantity_is_greater_than", SimpleType.BOOL, QUANTITY, QUANTITY,
          Quantity.class, Quantity.class, (a, b) -> a.compareTo(b) > 0),
      LibraryOverload.member("isLessThan", "quantity_is_less_than", SimpleType.BOOL, QUANTITY, QUANTITY,
          Quantity.class, Quantity.class, (a, b) -> a.compareTo(b) < 0),
      LibraryOverload.member("compareTo", "quantity_compare_to", SimpleType.INT, QUANTITY, QUANTITY,
          Quantity.class, Quantity.class, (a, b) -> (long) Integer.signum(a.compareTo(b))),
      LibraryOverload.member("asApproximateFloat", "quantity_get_float", SimpleType.DOUBLE, QUANTITY,
          Quantity.class, Quantity::asApproximateDouble),
      LibraryOverload.member("asInteger", "quantity_get_int", SimpleType.INT, QUANTITY, Quantity.class,
          QuantityLibrary::asInteger),
      LibraryOverload.member("isInteger", "quantity_is_integer", SimpleType.BOOL, QUANTITY, Quantity.class,
          q -> q.asLong() != null),
      LibraryOverload.member("add", "quantity_add", QUANTITY, QUANTITY, QUANTITY, Quantity.class, Quantity.class,
          Quantity::add),
      LibraryOverload.member("add", "quantity_add_int", QUANTITY, QUANTITY, SimpleType.INT, Quantity.class,
          Long.class, (q, i) -> q.add(Quantity.of(i))),
      LibraryOverload.member("sub", "quantity_sub", QUANTITY, QUANTITY, QUANTITY, Quantity.class, Quantity.class,
          Quantity::subtract),
      LibraryOverload.member("sub", "quantity_sub_int", QUANTITY, QUANTITY, SimpleType.INT, Quantity.class,
          Long.class, (q, i) -> q.subtract(Quantity.of(i))));

  private QuantityLibrary() {}

  @Override
  public String name() {
    return "kubernetes.quantity";
  }

  @Override
  public List<LibraryOverload> overloads() {
    return overloads;
  }

  private static Object parse(String s) throws CelEvaluationException {
    try {
      return Quantity.parse(s);
    } catch (Quantity.QuantityFormatException e) {
      throw CelOperations.error(e.getMessage());
    }
  }

  private static Object isQuantity(String s) {
    try {
      Quantity.parse(s);
      return true;
    } catch (Quantity.QuantityFormatException e) {
      return false;
    }
  }

  private static Object asInteger(Quantity q) throws CelEvaluationException {
    Long value = q.asLong();
    if (value == null) {
      throw CelOperations.error("cannot convert value to integer");
    }
    return value;
  }
}
