package dev.gatehouse.rego.eval;

import dev.gatehouse.rego.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Variable bindings of one rule invocation or query, with an undo trail for backtracking. Comprehensions and
 * {@code every} bodies share their enclosing bindings (they are closures); names were made unique by the compiler,
 * so inner locals never clash with outer ones. Confined to one evaluation thread.
 */
final class Bindings {
    private final Map<String, Value> values = new HashMap<>();
    private final List<String> trail = new ArrayList<>();

    Value get(String name) {
        return values.get(name);
    }

    boolean isBound(String name) {
        return values.containsKey(name);
    }

    /** Binds an unbound variable; undo with {@link #undoTo(int)}. */
    void bind(String name, Value v) {
        values.put(name, v);
        trail.add(name);
    }

    int mark() {
        return trail.size();
    }

    void undoTo(int mark) {
        for (int i = trail.size() - 1; i >= mark; i--) {
            values.remove(trail.remove(i));
        }
    }

    Map<String, Value> snapshot() {
        return new HashMap<>(values);
    }
}
