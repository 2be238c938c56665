package dev.gatehouse.rego.builtins;

import java.util.Objects;

/**
 * A builtin: its declaration paired with its implementation, so the two cannot drift apart. Exactly one of
 * {@code function} and {@code generator} is set. Immutable.
 */
public record Builtin(BuiltinDecl decl, BuiltinFunction function, BuiltinGenerator generator) {

    public Builtin {
        Objects.requireNonNull(decl, "decl");
        if ((function == null) == (generator == null)) {
            throw new IllegalArgumentException("builtin " + decl.name() + " needs exactly one of function or generator");
        }
    }

    public static Builtin of(BuiltinDecl decl, BuiltinFunction function) {
        return new Builtin(decl, Objects.requireNonNull(function, "function"), null);
    }

    public static Builtin generator(BuiltinDecl decl, BuiltinGenerator generator) {
        return new Builtin(decl, null, Objects.requireNonNull(generator, "generator"));
    }

    public String name() {
        return decl.name();
    }
}
