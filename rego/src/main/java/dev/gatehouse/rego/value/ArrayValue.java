package dev.gatehouse.rego.value;

import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** An immutable array. The element array is never exposed, so instances can be shared freely. */
public final class ArrayValue implements Value, Iterable<Value> {
    static final int KIND = 4;
    public static final ArrayValue EMPTY = new ArrayValue(new Value[0]);

    private final Value[] elements;
    private int hash; // 0 = not yet computed; racy single-check is safe because the value is deterministic

    private ArrayValue(Value[] elements) {
        this.elements = elements;
    }

    /** Wraps an array the caller promises never to modify again (no copy). */
    static ArrayValue wrap(Value[] elements) {
        return elements.length == 0 ? EMPTY : new ArrayValue(elements);
    }

    public static ArrayValue of(Value... elements) {
        return wrap(elements.clone());
    }

    public static ArrayValue of(Collection<? extends Value> elements) {
        return wrap(elements.toArray(new Value[0]));
    }

    public int size() { return elements.length; }
    public boolean isEmpty() { return elements.length == 0; }
    public Value get(int index) { return elements[index]; }

    /** A copy of the elements. */
    public Value[] toArray() { return elements.clone(); }

    /** An unmodifiable list view. */
    public List<Value> asList() { return Arrays.asList(elements).stream().toList(); }

    /** A new array with {@code v} appended. */
    public ArrayValue append(Value v) {
        Value[] copy = Arrays.copyOf(elements, elements.length + 1);
        copy[elements.length] = v;
        return new ArrayValue(copy);
    }

    /** Elements {@code from} (inclusive) to {@code to} (exclusive). */
    public ArrayValue slice(int from, int to) {
        return wrap(Arrays.copyOfRange(elements, from, to));
    }

    @Override
    public Iterator<Value> iterator() {
        return new Iterator<>() {
            int i;
            @Override public boolean hasNext() { return i < elements.length; }
            @Override public Value next() {
                if (i >= elements.length) {
                    throw new NoSuchElementException();
                }
                return elements[i++];
            }
        };
    }

    @Override public String typeName() { return "array"; }
    @Override public int kindOrder() { return KIND; }

    @Override
    public int compareSameKind(Value other) {
        return Values.compareSequences(elements, elements.length, ((ArrayValue) other).elements, ((ArrayValue) other).elements.length);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof ArrayValue a && a.elements.length == elements.length && hashCode() == a.hashCode()
                && Arrays.equals(elements, a.elements);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(elements) * 31 + KIND;
            hash = h == 0 ? 1 : h;
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < elements.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(elements[i]);
        }
        return sb.append(']').toString();
    }
}
