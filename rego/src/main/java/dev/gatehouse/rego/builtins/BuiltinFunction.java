package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.Value;

/**
 * The implementation of a builtin that produces at most one result.
 *
 * <p>Implementations must be stateless and thread-safe (per-query state goes in {@link BuiltinContext#cache()}),
 * must not modify {@code args}, and report bad operands with {@link BuiltinException} (usually through
 * {@link Operands}).
 */
@FunctionalInterface
public interface BuiltinFunction {
    /**
     * Calls the builtin.
     *
     * @param ctx  the evaluation context of the current query
     * @param args the arguments, already evaluated; length equals the declared arity
     * @return the result, or {@code null} when the result is undefined
     * @throws BuiltinException when an operand has the wrong type or the operation fails
     */
    Value apply(BuiltinContext ctx, Value[] args);
}
