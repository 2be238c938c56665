package dev.gatehouse.rego.ast;

/**
 * What a compiled policy resolved about a term, kept on the term so that the evaluator reads it with a field load
 * instead of a table lookup: the compiler leaves each call operator's dispatch here.
 *
 * <p>Parsed modules may be compiled into several policies that share terms, so an entry names the policy that wrote
 * it, and a reader takes it only when that is its own policy; otherwise (or when nothing is stored) the reader
 * falls back to the policy's own tables, so a term shared by policies costs speed, never correctness. An entry is
 * one immutable object, written before its policy is published, so a reader never sees half of one.
 *
 * <p>Like {@link Location}, every resolution equals every other and all share one hash code: it is no part of the
 * term's structure.
 */
public final class Resolution {
    private Entry entry;

    private record Entry(Object owner, Object value) {}

    /** What {@code owner} stored here, or null when it stored nothing (or another owner wrote last). */
    public Object get(Object owner) {
        Entry e = entry;
        return e != null && e.owner == owner ? e.value : null;
    }

    /** Stores {@code value} for {@code owner}, replacing any other owner's entry. */
    public void set(Object owner, Object value) {
        entry = new Entry(owner, value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Resolution;
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return "Resolution";
    }
}
