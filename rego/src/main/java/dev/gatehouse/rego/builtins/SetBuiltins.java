package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.Value;
import java.util.List;

/**
 * The set builtins (OPA's {@code sets.go}): the operators {@code &} (and) and {@code |} (or), and
 * intersection/union over a set of sets, and the deprecated {@code set_diff} (the core's {@code minus} is the
 * operator form). Stateless.
 */
final class SetBuiltins implements BuiltinFamily {

    private static final Type SET_OF_SETS = Types.setOf(Types.ANY_SET);

    @Override
    public List<Builtin> builtins() {
        return List.of(
                Builtin.of(operator("and", "&"),
                        (ctx, a) -> Operands.set(a[0], 1).intersect(Operands.set(a[1], 2))),
                Builtin.of(operator("or", "|"),
                        (ctx, a) -> Operands.set(a[0], 1).union(Operands.set(a[1], 2))),
                Builtin.of(BuiltinDecl.builder("set_diff").category("sets").arg("x", Types.ANY_SET)
                        .arg("y", Types.ANY_SET).result(Types.ANY_SET).deprecated().build(),
                        (ctx, a) -> Operands.set(a[0], 1).minus(Operands.set(a[1], 2))),
                Builtin.of(BuiltinDecl.builder("intersection").category("sets").arg("xs", SET_OF_SETS)
                        .result(Types.ANY_SET).build(), (ctx, a) -> combine(a[0], true)),
                Builtin.of(BuiltinDecl.builder("union").category("sets").arg("xs", SET_OF_SETS)
                        .result(Types.ANY_SET).build(), (ctx, a) -> combine(a[0], false)));
    }

    private static BuiltinDecl operator(String name, String infix) {
        return BuiltinDecl.builder(name).category("sets").infix(infix).arg("x", Types.ANY_SET)
                .arg("y", Types.ANY_SET).result(Types.ANY_SET).build();
    }

    static Value combine(Value v, boolean intersect) {
        SetValue sets = Operands.set(v, 1);
        SetValue acc = null;
        for (Value e : sets) {
            if (!(e instanceof SetValue s)) {
                throw Operands.elementError(1, v, e, "set");
            }
            acc = acc == null ? s : intersect ? acc.intersect(s) : acc.union(s);
        }
        return acc == null ? SetValue.EMPTY : acc;
    }
}
