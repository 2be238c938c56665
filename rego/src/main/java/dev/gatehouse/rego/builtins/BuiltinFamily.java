package dev.gatehouse.rego.builtins;

import java.util.List;

/**
 * A family of related builtins (one per class, e.g. {@code StringBuiltins}), each pairing declaration and
 * implementation. Families are listed explicitly in {@link Builtins}. Implementations are stateless.
 */
public interface BuiltinFamily {
    /** The builtins of this family. */
    List<Builtin> builtins();
}
