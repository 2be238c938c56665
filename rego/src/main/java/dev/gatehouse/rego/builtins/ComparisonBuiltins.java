package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.BooleanValue;
import java.util.List;

/** The comparison operators {@code == != < <= > >=}, over OPA's total order of values. */
final class ComparisonBuiltins implements BuiltinFamily {

    @Override
    public List<Builtin> builtins() {
        return List.of(
                Builtin.of(decl("equal", "=="), (ctx, a) -> BooleanValue.of(a[0].equals(a[1]))),
                Builtin.of(decl("neq", "!="), (ctx, a) -> BooleanValue.of(!a[0].equals(a[1]))),
                Builtin.of(decl("lt", "<"), (ctx, a) -> BooleanValue.of(a[0].compareTo(a[1]) < 0)),
                Builtin.of(decl("lte", "<="), (ctx, a) -> BooleanValue.of(a[0].compareTo(a[1]) <= 0)),
                Builtin.of(decl("gt", ">"), (ctx, a) -> BooleanValue.of(a[0].compareTo(a[1]) > 0)),
                Builtin.of(decl("gte", ">="), (ctx, a) -> BooleanValue.of(a[0].compareTo(a[1]) >= 0)));
    }

    private static BuiltinDecl decl(String name, String infix) {
        return BuiltinDecl.builder(name).infix(infix).arg("x", Types.ANY).arg("y", Types.ANY)
                .result(Types.BOOLEAN).category("comparison").build();
    }
}
