package dev.gatehouse.rego.compiler;

import dev.gatehouse.rego.builtins.Builtin;

/**
 * What a call's name denotes in a compiled policy: a user function, a builtin, both (a function shadowing a
 * builtin's name is resolved by the evaluator) or neither. Immutable.
 *
 * @param function the user function's node, or null
 * @param builtin  the builtin, or null
 */
public record CallTarget(RuleTree.Node function, Builtin builtin) {}
