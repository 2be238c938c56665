package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.ObjectValue;
import java.util.List;

/**
 * {@code trace} and {@code opa.runtime}. {@code trace} is always true (OPA emits the note to tracers; the
 * evaluator may intercept the call to record it); {@code opa.runtime} reports no runtime configuration, as OPA
 * does when embedded as a library without one.
 */
final class RuntimeBuiltins implements BuiltinFamily {

    @Override
    public List<Builtin> builtins() {
        return List.of(
                Builtin.of(BuiltinDecl.builder("trace").category("tracing").arg("note", Types.STRING)
                        .result(Types.BOOLEAN).build(), (ctx, a) -> {
                            Operands.string(a[0], 1);
                            return BooleanValue.TRUE;
                        }),
                Builtin.of(BuiltinDecl.builder("opa.runtime").category("opa")
                        .result(Types.objectOf(Types.STRING, Types.ANY)).nondeterministic().build(),
                        (ctx, a) -> ObjectValue.EMPTY));
    }
}
