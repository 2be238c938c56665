package dev.gatehouse.rego.value;

/**
 * A Rego value: the data model shared by the parser, the evaluator and every builtin.
 *
 * <p>Values are immutable and safe to share between threads and queries. Equality and ordering follow OPA:
 * numbers compare by numeric value ({@code 1 == 1.0}), and kinds are ordered
 * {@code null < boolean < number < string < array < object < set} (OPA's {@code ast.Compare}).
 * {@link #toString()} renders the value as Rego source text, the way OPA prints terms.
 */
public sealed interface Value extends Comparable<Value>
        permits NullValue, BooleanValue, NumberValue, StringValue, ArrayValue, SetValue, ObjectValue {

    /** OPA's type name: {@code null}, {@code boolean}, {@code number}, {@code string}, {@code array}, {@code object}, {@code set}. */
    String typeName();

    /** Position of this kind in OPA's total order of values. */
    int kindOrder();

    @Override
    default int compareTo(Value other) {
        int byKind = Integer.compare(kindOrder(), other.kindOrder());
        return byKind != 0 ? byKind : compareSameKind(other);
    }

    /** Compares with a value of the same kind; callers guarantee {@code other.kindOrder() == kindOrder()}. */
    int compareSameKind(Value other);

    /** Whether this value is a scalar (not an array, object or set). */
    default boolean isScalar() {
        return kindOrder() <= StringValue.KIND;
    }
}
