package dev.gatehouse.rego.value;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * An immutable set, held as a sorted array without duplicates: iteration is in OPA's value order (deterministic
 * output), membership is a binary search, and no hash table is kept alive per set.
 */
public final class SetValue implements Value, Iterable<Value> {
    static final int KIND = 6;
    public static final SetValue EMPTY = new SetValue(new Value[0]);

    private final Value[] sorted;
    private int hash;

    private SetValue(Value[] sorted) {
        this.sorted = sorted;
    }

    /** Builds a set from any elements (duplicates removed). */
    public static SetValue of(Value... elements) {
        return fromUnsorted(elements.clone(), elements.length);
    }

    public static SetValue of(Collection<? extends Value> elements) {
        Value[] arr = elements.toArray(new Value[0]);
        return fromUnsorted(arr, arr.length);
    }

    /** Sets up to this size are sorted by insertion. */
    private static final int SMALL = 8;

    /** Sorts and de-duplicates the first {@code n} entries of an array the caller gives up. */
    static SetValue fromUnsorted(Value[] arr, int n) {
        if (n == 0) {
            return EMPTY;
        }
        if (n <= SMALL) {
            // Small sets (a partial set rule's result is mostly empty or a few elements): an insertion sort, which
            // is stable like Arrays.sort, without the merge sort's set-up.
            for (int i = 1; i < n; i++) {
                Value v = arr[i];
                int j = i - 1;
                for (; j >= 0 && arr[j].compareTo(v) > 0; j--) {
                    arr[j + 1] = arr[j];
                }
                arr[j + 1] = v;
            }
        } else {
            Arrays.sort(arr, 0, n);
        }
        int w = 1;
        for (int r = 1; r < n; r++) {
            if (arr[r].compareTo(arr[w - 1]) != 0) {
                arr[w++] = arr[r];
            }
        }
        return new SetValue(w == arr.length ? arr : Arrays.copyOf(arr, w));
    }

    public static Builder builder() {
        return new Builder();
    }

    public int size() { return sorted.length; }
    public boolean isEmpty() { return sorted.length == 0; }

    public boolean contains(Value v) {
        return Arrays.binarySearch(sorted, v) >= 0;
    }

    /** The elements in order, as a new list. */
    public List<Value> toList() { return List.of(sorted); }

    public SetValue add(Value v) {
        int i = Arrays.binarySearch(sorted, v);
        if (i >= 0) {
            return this;
        }
        int at = -i - 1;
        Value[] copy = new Value[sorted.length + 1];
        System.arraycopy(sorted, 0, copy, 0, at);
        copy[at] = v;
        System.arraycopy(sorted, at, copy, at + 1, sorted.length - at);
        return new SetValue(copy);
    }

    public SetValue union(SetValue other) {
        if (other.sorted.length == 0) {
            return this;
        }
        if (sorted.length == 0) {
            return other;
        }
        List<Value> out = new ArrayList<>(sorted.length + other.sorted.length);
        int i = 0;
        int j = 0;
        while (i < sorted.length && j < other.sorted.length) {
            int c = sorted[i].compareTo(other.sorted[j]);
            if (c < 0) {
                out.add(sorted[i++]);
            } else if (c > 0) {
                out.add(other.sorted[j++]);
            } else {
                out.add(sorted[i++]);
                j++;
            }
        }
        while (i < sorted.length) {
            out.add(sorted[i++]);
        }
        while (j < other.sorted.length) {
            out.add(other.sorted[j++]);
        }
        return new SetValue(out.toArray(new Value[0]));
    }

    public SetValue intersect(SetValue other) {
        List<Value> out = new ArrayList<>();
        for (Value v : sorted) {
            if (other.contains(v)) {
                out.add(v);
            }
        }
        return out.size() == sorted.length ? this : new SetValue(out.toArray(new Value[0]));
    }

    public SetValue minus(SetValue other) {
        List<Value> out = new ArrayList<>();
        for (Value v : sorted) {
            if (!other.contains(v)) {
                out.add(v);
            }
        }
        return out.size() == sorted.length ? this : new SetValue(out.toArray(new Value[0]));
    }

    @Override
    public Iterator<Value> iterator() {
        return new Iterator<>() {
            int i;
            @Override public boolean hasNext() { return i < sorted.length; }
            @Override public Value next() {
                if (i >= sorted.length) {
                    throw new NoSuchElementException();
                }
                return sorted[i++];
            }
        };
    }

    @Override public String typeName() { return "set"; }
    @Override public int kindOrder() { return KIND; }

    @Override
    public int compareSameKind(Value other) {
        SetValue o = (SetValue) other;
        return Values.compareSequences(sorted, sorted.length, o.sorted, o.sorted.length);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof SetValue s && s.sorted.length == sorted.length && hashCode() == s.hashCode()
                && Arrays.equals(sorted, s.sorted);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(sorted) * 31 + KIND;
            hash = h == 0 ? 1 : h;
        }
        return hash;
    }

    @Override
    public String toString() {
        if (sorted.length == 0) {
            return "set()";
        }
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < sorted.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(sorted[i]);
        }
        return sb.append('}').toString();
    }

    /** Accumulates elements; not thread-safe. */
    public static final class Builder {
        private static final Value[] NONE = {};
        // Allocated on the first add: many sets built (a partial set rule's result) stay empty.
        private Value[] items = NONE;
        private int n;

        public Builder add(Value v) {
            if (n == items.length) {
                items = n == 0 ? new Value[8] : Arrays.copyOf(items, n * 2);
            }
            items[n++] = v;
            return this;
        }

        public Builder addAll(Iterable<Value> vs) {
            for (Value v : vs) {
                add(v);
            }
            return this;
        }

        public int size() { return n; }

        public SetValue build() {
            Value[] arr = items;
            items = NONE; // the set keeps the array
            int count = n;
            n = 0;
            return fromUnsorted(arr, count);
        }
    }
}
