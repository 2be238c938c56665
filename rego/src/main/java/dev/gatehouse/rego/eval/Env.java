package dev.gatehouse.rego.eval;

import dev.gatehouse.rego.compiler.RuleTree;
import dev.gatehouse.rego.value.Value;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The documents and replacements an expression is evaluated against. {@code with} creates a derived Env, with its
 * own cache, so results computed under a replacement never leak out of it.
 */
final class Env {
    /** The input document, or null when there is none. */
    final Value input;
    /** Base (non-virtual) data. */
    final Value data;
    /** Rule nodes replaced by values ({@code with data.pkg.p as v}). */
    final Map<RuleTree.Node, Value> overrides;
    /** Functions and builtins replaced by a value or by another function (dotted name). */
    final Map<String, Object> mocks;
    /** Per-Env cache of rule results, keyed by node (or by node and arguments for functions). */
    final Map<Object, Value> cache = new HashMap<>();
    /** Per-Env cache of function call results. */
    final FunctionCache calls = new FunctionCache();
    /** Rules being evaluated, to report recursion; small (nesting depth), so a small initial table. */
    final Map<RuleTree.Node, Boolean> inProgress = new IdentityHashMap<>(4);

    Env(Value input, Value data, Map<RuleTree.Node, Value> overrides, Map<String, Object> mocks) {
        this.input = input;
        this.data = data;
        this.overrides = overrides;
        this.mocks = mocks;
    }
}
