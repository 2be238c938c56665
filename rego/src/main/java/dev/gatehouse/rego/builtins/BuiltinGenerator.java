package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.Value;
import java.util.function.Predicate;

/**
 * The implementation of a builtin that produces several results (such as {@code walk}). Same contract as
 * {@link BuiltinFunction}; results are pushed to {@code out}, which returns {@code false} when evaluation wants
 * no more results — the generator must then stop and return.
 */
@FunctionalInterface
public interface BuiltinGenerator {
    void generate(BuiltinContext ctx, Value[] args, Predicate<Value> out);
}
