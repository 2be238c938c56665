package dev.gatehouse.rego.eval;

import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.compiler.Frame;
import dev.gatehouse.rego.value.Value;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Variable bindings of one rule invocation or query, with an undo trail for backtracking. Comprehensions and
 * {@code every} bodies share their enclosing bindings (they are closures); names were made unique by the compiler,
 * so inner locals never clash with outer ones. Confined to one evaluation thread.
 *
 * <p>Values are stored by slot, as the compiler laid out the rule or query ({@link Frame}): a variable whose term
 * carries its slot for this layout is read with one array access. Any other variable (a term shared with another
 * policy that wrote its slot last, a layout the compiler did not make) is found by name, in the layout and then
 * among the names bound here that the layout lacks, so both ways reach the same slot. A variable is bound at most
 * once until undone, and undoing is last-in first-out, so the trail holds just the slots bound, newest last;
 * an unbound slot holds null.
 */
final class Bindings {
    private Frame frame;
    /** The frame's id, which the variables' slots name. */
    private long frameId;
    private Value[] values;
    /** Names bound here that the frame has no slot for; theirs follow the frame's slots. */
    private String[] extraNames;
    private int extraCount;
    private int[] trail;
    private int size;

    private static final Value[] NO_VALUES = {};
    private static final String[] NO_NAMES = {};
    private static final int[] NO_SLOTS = {};

    /** Bindings with no layout: every variable is found by name. */
    Bindings() {
        this(Frame.NONE);
    }

    Bindings(Frame frame) {
        this.frame = frame;
        this.frameId = frame.id();
        // Room for every slot of the frame from the start, so that a read needs no bounds test of its own.
        values = frame.size() == 0 ? NO_VALUES : new Value[frame.size()];
        extraNames = NO_NAMES;
        trail = NO_SLOTS;
    }

    /** Starts over with another layout; only for bindings with nothing bound (as {@link #undoTo}(0) leaves them). */
    void reset(Frame f) {
        frame = f;
        frameId = f.id();
        extraCount = 0;
        if (values.length < f.size()) {
            values = new Value[f.size()]; // all null, as the old one is when nothing is bound
        }
    }

    /** The value bound to a variable, or null. */
    Value get(Term.Var v) {
        int slot = v.slot(frameId);
        // A slot recorded for this frame is below its size, and values always has room for the whole frame.
        return slot >= 0 ? values[slot] : getByName(v.name());
    }

    /**
     * {@link #get} by name. The name must be interned, as every {@link Term.Var}'s is: names compare by identity.
     * The root documents are never bound and answered first, as they are looked up often and have no slot.
     */
    Value getByName(String name) {
        if (name == Evaluation.INPUT || name == Evaluation.DATA) {
            return null;
        }
        int slot = slotOf(name);
        return slot >= 0 && slot < values.length ? values[slot] : null;
    }

    /** {@link #get} for a name of any origin, compared by equality. */
    Value getByEquality(String name) {
        for (int i = 0; i < frame.size(); i++) {
            if (frame.name(i).equals(name)) {
                return i < values.length ? values[i] : null;
            }
        }
        for (int i = 0; i < extraCount; i++) {
            if (extraNames[i].equals(name)) {
                int slot = frame.size() + i;
                return slot < values.length ? values[slot] : null;
            }
        }
        return null;
    }

    /** The slot of a name in this layout or among the extra names, or -1. */
    private int slotOf(String name) {
        int slot = frame.slotOf(name);
        if (slot >= 0) {
            return slot;
        }
        String[] extra = extraNames;
        for (int i = 0; i < extraCount; i++) {
            if (extra[i] == name) {
                return frame.size() + i;
            }
        }
        return -1;
    }

    /** Binds an unbound variable; undo with {@link #undoTo(int)}. */
    void bind(Term.Var v, Value value) {
        int slot = v.slot(frameId);
        if (slot < 0) {
            slot = slotOf(v.name());
            if (slot < 0) {
                slot = addExtra(v.name());
            }
        }
        if (slot >= values.length) {
            grow(slot);
        }
        values[slot] = value;
        if (size == trail.length) {
            trail = size == 0 ? new int[8] : Arrays.copyOf(trail, size * 2);
        }
        trail[size++] = slot;
    }

    /** Makes room for a slot: the whole frame at once, so that a rule's bindings grow at most once. */
    private void grow(int slot) {
        Value[] grown = new Value[Math.max(slot + 1, frame.size())]; // not Arrays.copyOf: reflective for Value[]
        System.arraycopy(values, 0, grown, 0, values.length);
        values = grown;
    }

    private int addExtra(String name) {
        if (extraCount == extraNames.length) {
            extraNames = extraCount == 0 ? new String[4] : Arrays.copyOf(extraNames, extraCount * 2);
        }
        extraNames[extraCount] = name;
        return frame.size() + extraCount++;
    }

    int mark() {
        return size;
    }

    void undoTo(int mark) {
        // Most calls find nothing to undo: that test stays small enough to inline where undoing happens.
        if (mark < size) {
            clearFrom(mark);
        }
    }

    /** Unbinds the slots bound since {@code mark}: an unbound variable is a null slot. */
    private void clearFrom(int mark) {
        int[] t = trail;
        Value[] vs = values;
        for (int i = size - 1; i >= mark; i--) {
            vs[t[i]] = null;
        }
        size = mark;
    }

    Map<String, Value> snapshot() {
        Map<String, Value> out = new HashMap<>();
        for (int i = 0; i < size; i++) {
            int slot = trail[i];
            out.put(slot < frame.size() ? frame.name(slot) : extraNames[slot - frame.size()], values[slot]);
        }
        return out;
    }
}
