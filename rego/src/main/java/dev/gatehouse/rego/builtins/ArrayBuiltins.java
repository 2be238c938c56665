package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.Value;
import java.util.ArrayList;
import java.util.List;

/** The array builtins (OPA's {@code array.go}): concat, slice, reverse, flatten (one level). Stateless. */
final class ArrayBuiltins implements BuiltinFamily {

    @Override
    public List<Builtin> builtins() {
        return List.of(
                Builtin.of(decl("array.concat").arg("x", Types.ANY_ARRAY).arg("y", Types.ANY_ARRAY)
                        .result(Types.ANY_ARRAY).build(), ArrayBuiltins::concat),
                Builtin.of(decl("array.slice").arg("arr", Types.ANY_ARRAY).arg("start", Types.NUMBER)
                        .arg("stop", Types.NUMBER).result(Types.ANY_ARRAY).build(), ArrayBuiltins::slice),
                Builtin.of(decl("array.reverse").arg("arr", Types.ANY_ARRAY).result(Types.ANY_ARRAY).build(),
                        ArrayBuiltins::reverse),
                Builtin.of(decl("array.flatten").arg("arr", Types.ANY_ARRAY).result(Types.ANY_ARRAY).build(),
                        ArrayBuiltins::flatten));
    }

    private static BuiltinDecl.Builder decl(String name) {
        return BuiltinDecl.builder(name).category("array");
    }

    static Value concat(BuiltinContext ctx, Value[] a) {
        ArrayValue x = Operands.array(a[0], 1);
        ArrayValue y = Operands.array(a[1], 2);
        if (y.isEmpty()) {
            return x;
        }
        if (x.isEmpty()) {
            return y;
        }
        List<Value> out = new ArrayList<>(x.size() + y.size());
        out.addAll(x.asList());
        out.addAll(y.asList());
        return ArrayValue.of(out);
    }

    static Value slice(BuiltinContext ctx, Value[] a) {
        ArrayValue arr = Operands.array(a[0], 1);
        int start = Operands.integer(a[1], 2);
        int stop = Operands.integer(a[2], 3);
        stop = Math.max(0, Math.min(stop, arr.size()));
        start = Math.max(0, Math.min(start, stop));
        return arr.slice(start, stop);
    }

    static Value reverse(BuiltinContext ctx, Value[] a) {
        ArrayValue arr = Operands.array(a[0], 1);
        Value[] out = new Value[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arr.get(out.length - 1 - i);
        }
        return ArrayValue.of(out);
    }

    static Value flatten(BuiltinContext ctx, Value[] a) {
        ArrayValue arr = Operands.array(a[0], 1);
        List<Value> out = new ArrayList<>();
        flattenInto(arr, out);
        return ArrayValue.of(out);
    }

    /** One level only, as OPA: nested arrays inside nested arrays stay arrays. */
    private static void flattenInto(ArrayValue arr, List<Value> out) {
        for (Value v : arr) {
            if (v instanceof ArrayValue nested) {
                out.addAll(nested.asList());
            } else {
                out.add(v);
            }
        }
    }
}
