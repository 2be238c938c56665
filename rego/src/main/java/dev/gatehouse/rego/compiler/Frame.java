package dev.gatehouse.rego.compiler;

import java.util.List;

/**
 * The layout of the variable bindings of one rule (with its else branches) or query: the names of its local
 * variables, each at the slot the compiler recorded on the variables' terms ({@link
 * dev.gatehouse.rego.ast.Term.Var#slot(Object)}, with this layout as owner). Comprehensions, {@code every} and
 * logic bodies share the slots of their enclosing rule, as they share its bindings; the compiler made their local
 * names unique, so one name is one variable.
 *
 * <p>The evaluator reads a variable's value at its slot when the term carries one for this layout, and otherwise
 * finds the slot by name here, so that both ways reach the same value. Immutable; thread-safe.
 */
public final class Frame {
    /** Ids of layouts, never reused in a process (2^40 of them fit the variables' slot words). */
    // Before NONE, which takes an id when the class initialises.
    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();

    /** The layout of bindings the compiler did not lay out: every variable is then found by name. */
    public static final Frame NONE = new Frame(List.of());

    private final String[] names;
    private final long id;

    Frame(List<String> names) {
        this.names = names.toArray(String[]::new);
        this.id = IDS.incrementAndGet();
    }

    /**
     * The positive number that names this layout as owner of the variables' slots: a number rather than the
     * object, so that a variable keeps owner and slot in one word.
     */
    public long id() {
        return id;
    }

    /** Whether the variables' slot words can record this layout's slots. */
    boolean recordable() {
        return names.length < 1 << dev.gatehouse.rego.ast.Term.Var.SLOT_BITS;
    }

    /** The number of slots. */
    public int size() {
        return names.length;
    }

    /** The name at a slot, {@code 0 <= slot < size()}. */
    public String name(int slot) {
        return names[slot];
    }

    /**
     * The slot of a variable name, or -1 when this layout has none for it. The name must be interned (as every
     * {@link dev.gatehouse.rego.ast.Term.Var}'s is): names compare by identity.
     */
    public int slotOf(String name) {
        String[] ns = names;
        for (int i = 0; i < ns.length; i++) {
            if (ns[i] == name) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "Frame" + List.of(names);
    }
}
