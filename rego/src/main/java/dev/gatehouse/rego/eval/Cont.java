package dev.gatehouse.rego.eval;

/** The rest of the evaluation after a step succeeds; returns false to stop enumerating solutions. */
@FunctionalInterface
interface Cont {
    boolean run();
}
