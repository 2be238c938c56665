package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.NullValue;
import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A static type for builtin signatures, printed the way OPA's type checker prints types
 * ({@code string}, {@code array[number]}, {@code object[string: any]}, {@code any<set[any], array[any]>}).
 * Use the constants and factories in {@link Types}. Immutable.
 */
public sealed interface Type {

    /** Whether a runtime value has this type (element types are checked too). */
    boolean accepts(Value v);

    /** Any value. */
    record AnyType() implements Type {
        @Override public boolean accepts(Value v) { return true; }
        @Override public String toString() { return "any"; }
    }

    /** One scalar kind: null, boolean, number or string. */
    record Scalar(String name) implements Type {
        @Override
        public boolean accepts(Value v) {
            return switch (name) {
                case "null" -> v instanceof NullValue;
                case "boolean" -> v instanceof BooleanValue;
                case "number" -> v instanceof NumberValue;
                case "string" -> v instanceof StringValue;
                default -> false;
            };
        }
        @Override public String toString() { return name; }
    }

    /** An array whose elements all have one type. */
    record ArrayOf(Type element) implements Type {
        @Override
        public boolean accepts(Value v) {
            if (!(v instanceof ArrayValue a)) {
                return false;
            }
            if (element instanceof AnyType) {
                return true;
            }
            for (Value e : a) {
                if (!element.accepts(e)) {
                    return false;
                }
            }
            return true;
        }
        @Override public String toString() { return "array[" + element + "]"; }
    }

    /** A set whose elements all have one type. */
    record SetOf(Type element) implements Type {
        @Override
        public boolean accepts(Value v) {
            if (!(v instanceof SetValue s)) {
                return false;
            }
            if (element instanceof AnyType) {
                return true;
            }
            for (Value e : s) {
                if (!element.accepts(e)) {
                    return false;
                }
            }
            return true;
        }
        @Override public String toString() { return "set[" + element + "]"; }
    }

    /** An object with one key type and one value type. */
    record ObjectOf(Type key, Type value) implements Type {
        @Override
        public boolean accepts(Value v) {
            if (!(v instanceof ObjectValue o)) {
                return false;
            }
            if (key instanceof AnyType && value instanceof AnyType) {
                return true;
            }
            for (int i = 0; i < o.size(); i++) {
                if (!key.accepts(o.keyAt(i)) || !value.accepts(o.valueAt(i))) {
                    return false;
                }
            }
            return true;
        }
        @Override public String toString() { return "object[" + key + ": " + value + "]"; }
    }

    /** Any of several types. */
    record Union(List<Type> of) implements Type {
        public Union {
            of = List.copyOf(of);
        }
        @Override
        public boolean accepts(Value v) {
            for (Type t : of) {
                if (t.accepts(v)) {
                    return true;
                }
            }
            return false;
        }
        @Override
        public String toString() {
            return "any<" + of.stream().map(Type::toString).collect(Collectors.joining(", ")) + ">";
        }
    }
}
