package dev.gatehouse.rego.eval;

import dev.gatehouse.rego.value.Value;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Variable bindings of one rule invocation or query, with an undo trail for backtracking. Comprehensions and
 * {@code every} bodies share their enclosing bindings (they are closures); names were made unique by the compiler,
 * so inner locals never clash with outer ones. Confined to one evaluation thread.
 *
 * <p>A variable is bound at most once until undone, and undoing is last-in first-out, so the trail itself is the
 * store: two parallel arrays searched from the newest binding back. Rule bodies bind a handful of variables, for
 * which this beats a hash map in time and, above all, in allocation (one Bindings per rule invocation).
 */
final class Bindings {
    private String[] names;
    private Value[] values;
    private int size;

    private static final String[] NO_NAMES = {};
    private static final Value[] NO_VALUES = {};

    Bindings() {
        // Many rule invocations bind nothing (constant parameters, ground bodies): allocate on first bind.
        names = NO_NAMES;
        values = NO_VALUES;
    }

    /**
     * The value bound to a variable, or null. The name must be a {@link dev.gatehouse.rego.ast.Term.Var}'s: those
     * are interned, as are all names bound here (they come from variables too), so names compare by identity and
     * a miss (e.g. {@code input}) costs one reference comparison per binding.
     */
    Value get(String name) {
        String[] ns = names;
        for (int i = size - 1; i >= 0; i--) {
            if (ns[i] == name) {
                return values[i];
            }
        }
        return null;
    }

    /** {@link #get} for a name of any origin, compared by equality. */
    Value getByEquality(String name) {
        for (int i = size - 1; i >= 0; i--) {
            if (names[i].equals(name)) {
                return values[i];
            }
        }
        return null;
    }

    boolean isBound(String name) {
        return get(name) != null;
    }

    /** Binds an unbound variable; undo with {@link #undoTo(int)}. */
    void bind(String name, Value v) {
        if (size == names.length) {
            if (size == 0) {
                names = new String[8];
                values = new Value[8];
            } else {
                names = Arrays.copyOf(names, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
        }
        names[size] = name;
        values[size] = v;
        size++;
    }

    /** Empties this and drops every value it held, also those past the size that undoing left behind. */
    void clear() {
        Arrays.fill(names, null);
        Arrays.fill(values, null);
        size = 0;
    }

    int mark() {
        return size;
    }

    void undoTo(int mark) {
        // Entries past the size are dead (never read) and overwritten by the next binds; clearing them here would
        // only let values be collected earlier. Pooled bindings are cleared when their evaluation is released.
        if (mark < size) {
            size = mark;
        }
    }

    Map<String, Value> snapshot() {
        Map<String, Value> out = new HashMap<>();
        for (int i = 0; i < size; i++) {
            out.put(names[i], values[i]);
        }
        return out;
    }
}
