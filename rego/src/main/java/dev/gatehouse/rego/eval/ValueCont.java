package dev.gatehouse.rego.eval;

import dev.gatehouse.rego.value.Value;

/** Receives each value a term evaluates to; returns false to stop enumerating. */
@FunctionalInterface
interface ValueCont {
    boolean accept(Value v);
}
