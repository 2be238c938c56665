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
import java.util.function.Predicate;

/** The type predicates {@code is_*} and {@code type_name} (OPA's {@code type.go}). Stateless. */
final class TypeBuiltins implements BuiltinFamily {

    @Override
    public List<Builtin> builtins() {
        return List.of(
                is("is_number", v -> v instanceof NumberValue),
                is("is_string", v -> v instanceof StringValue),
                is("is_boolean", v -> v instanceof BooleanValue),
                is("is_array", v -> v instanceof ArrayValue),
                is("is_set", v -> v instanceof SetValue),
                is("is_object", v -> v instanceof ObjectValue),
                is("is_null", v -> v instanceof NullValue),
                Builtin.of(BuiltinDecl.builder("type_name").category("types").arg("x", Types.ANY)
                        .result(Types.STRING).build(), (ctx, a) -> StringValue.of(a[0].typeName())));
    }

    private static Builtin is(String name, Predicate<Value> test) {
        return Builtin.of(BuiltinDecl.builder(name).category("types").arg("x", Types.ANY).result(Types.BOOLEAN).build(),
                (ctx, a) -> BooleanValue.of(test.test(a[0])));
    }
}
