package dev.gatehouse.rego.value;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * An immutable object with keys of any value kind, held as parallel arrays sorted by key: iteration and JSON
 * output are in key order, and lookup is a binary search.
 *
 * <p>An object converted from another representation may take its values lazily ({@link #ofDistinctLazy}): each is
 * converted when first read, so the parts of a large document no policy reads (an API server's
 * {@code managedFields}) are never converted. Its hash reads one level of values only (scalars, and the kinds of the
 * rest), so hashing a document does not convert it all; equality and ordering read as far as they must.
 */
public final class ObjectValue implements Value {
    static final int KIND = 5;
    public static final ObjectValue EMPTY = new ObjectValue(new Value[0], new Value[0]);

    private final Value[] keys;
    /** The values; for a lazy object, null where a value is not converted yet. */
    private final Value[] values;
    /** For a lazy object, what each value is converted from; null otherwise. */
    private final Object[] sources;
    private final Function<Object, Value> convert;
    private int hash;

    private ObjectValue(Value[] keys, Value[] values) {
        this(keys, values, null, null);
    }

    private ObjectValue(Value[] keys, Value[] values, Object[] sources, Function<Object, Value> convert) {
        this.keys = keys;
        this.values = values;
        this.sources = sources;
        this.convert = convert;
    }

    /**
     * The value at a position, converted on first read for a lazy object. Racy but safe: conversion is
     * deterministic, so threads converting at once store equal values, and a value's fields are final, so a thread
     * that reads another's stored value sees it whole.
     */
    private Value value(int i) {
        Value v = values[i];
        if (v == null) {
            v = convert.apply(sources[i]);
            values[i] = v;
        }
        return v;
    }

    /** All values, converted. */
    private Value[] resolved() {
        if (sources != null) {
            for (int i = 0; i < values.length; i++) {
                value(i);
            }
        }
        return values;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds an object from a map (later duplicates cannot occur in a map). */
    public static ObjectValue of(Map<? extends Value, ? extends Value> map) {
        Builder b = new Builder();
        map.forEach(b::put);
        return b.build();
    }

    /**
     * An object from parallel arrays of distinct keys in any order, which it takes over (the caller must not use
     * them afterwards): for sources whose keys are known to be distinct, such as a parsed JSON object, this skips
     * the builder's duplicate detection.
     *
     * @throws IllegalArgumentException when the arrays differ in length or two keys are equal
     */
    public static ObjectValue ofDistinct(Value[] keys, Value[] values) {
        if (keys.length != values.length) {
            throw new IllegalArgumentException("keys and values differ in length");
        }
        if (keys.length == 0) {
            return EMPTY;
        }
        sortDistinct(keys, values);
        return new ObjectValue(keys, values);
    }

    /**
     * {@link #ofDistinct} whose values are converted from {@code sources} when first read, by a deterministic
     * conversion that may run more than once for a value (threads reading it at once) and from any thread. The
     * arrays are taken over.
     *
     * @throws IllegalArgumentException when the arrays differ in length or two keys are equal
     */
    public static ObjectValue ofDistinctLazy(Value[] keys, Object[] sources, Function<Object, Value> convert) {
        if (keys.length != sources.length) {
            throw new IllegalArgumentException("keys and sources differ in length");
        }
        if (keys.length == 0) {
            return EMPTY;
        }
        sortDistinct(keys, sources);
        return new ObjectValue(keys, new Value[keys.length], sources, convert);
    }

    /** Sorts distinct keys, moving each one's payload along. */
    private static void sortDistinct(Value[] keys, Object[] payload) {
        // Binary insertion sort: objects are small, and a JSON object's keys often come nearly sorted.
        for (int i = 1; i < keys.length; i++) {
            Value k = keys[i];
            Object v = payload[i];
            if (compareKeys(keys[i - 1], k) < 0) {
                continue;
            }
            int lo = 0;
            int hi = i - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int c = compareKeys(keys[mid], k);
                if (c < 0) {
                    lo = mid + 1;
                } else if (c > 0) {
                    hi = mid - 1;
                } else {
                    throw new IllegalArgumentException("duplicate key " + k);
                }
            }
            System.arraycopy(keys, lo, keys, lo + 1, i - lo);
            System.arraycopy(payload, lo, payload, lo + 1, i - lo);
            keys[lo] = k;
            payload[lo] = v;
        }
    }

    /** {@link Value#compareTo}, comparing string keys (a document's) directly. */
    private static int compareKeys(Value a, Value b) {
        if (a instanceof StringValue x && b instanceof StringValue y) {
            return StringValue.compareUtf8(x.value(), y.value());
        }
        return a.compareTo(b);
    }

    /** A one-entry object with a string key. */
    public static ObjectValue of(String key, Value value) {
        return new ObjectValue(new Value[] {StringValue.of(key)}, new Value[] {value});
    }

    public int size() { return keys.length; }
    public boolean isEmpty() { return keys.length == 0; }

    /** The value under {@code key}, or {@code null}. */
    public Value get(Value key) {
        if (key instanceof StringValue sk) {
            String s = sk.value();
            int h = s.hashCode(); // cached in the string: mismatches are rejected without reading characters
            if (keys.length <= LINEAR_LOOKUP_MAX) {
                // Small objects with string keys (most of a Kubernetes document): comparing for equality, which
                // mostly stops at the length, beats ordering comparisons character by character.
                for (int i = 0; i < keys.length; i++) {
                    if (keys[i] instanceof StringValue k) {
                        String ks = k.value();
                        if (ks == s || (ks.hashCode() == h && ks.equals(s))) {
                            return value(i);
                        }
                    }
                }
                return null;
            }
            int at = stringIndex().find(keys, s, h);
            return at < 0 ? null : value(at);
        }
        int i = Arrays.binarySearch(keys, key);
        return i >= 0 ? value(i) : null;
    }

    /** Objects up to this size are searched linearly by string key. */
    private static final int LINEAR_LOOKUP_MAX = 8;

    /** Built on the first lookup by string key of a larger object; racy but idempotent (see {@link StringIndex}). */
    private StringIndex stringIndex;

    private StringIndex stringIndex() {
        StringIndex index = stringIndex;
        if (index == null) {
            index = new StringIndex(keys);
            stringIndex = index;
        }
        return index;
    }

    /**
     * A hash table from the string keys of a larger object to their positions: a lookup (input.review has a dozen
     * keys, a pod spec more) hashes once and compares one or two keys instead of a binary search of ordering
     * comparisons. Its one field is final, so a thread that sees the index sees it filled in.
     */
    private static final class StringIndex {
        /** Open addressing, at most half full: position + 1 of a string key, 0 for an empty slot. */
        private final int[] slots;

        StringIndex(Value[] keys) {
            int[] table = new int[Integer.highestOneBit(keys.length * 2 - 1) << 1];
            int mask = table.length - 1;
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] instanceof StringValue k) {
                    int j = mix(k.value().hashCode()) & mask;
                    while (table[j] != 0) {
                        j = (j + 1) & mask;
                    }
                    table[j] = i + 1;
                }
            }
            this.slots = table;
        }

        /** The position of the string key, or -1. */
        int find(Value[] keys, String s, int h) {
            int[] table = slots;
            int mask = table.length - 1;
            for (int j = mix(h) & mask; ; j = (j + 1) & mask) {
                int at = table[j];
                if (at == 0) {
                    return -1;
                }
                String ks = ((StringValue) keys[at - 1]).value();
                if (ks == s || (ks.hashCode() == h && ks.equals(s))) {
                    return at - 1;
                }
            }
        }

        private static int mix(int h) {
            return h ^ (h >>> 16);
        }
    }

    /** The value under the string key, or {@code null}. */
    public Value get(String key) {
        return get(StringValue.of(key));
    }

    public boolean containsKey(Value key) {
        return Arrays.binarySearch(keys, key) >= 0;
    }

    public Value keyAt(int i) { return keys[i]; }
    public Value valueAt(int i) { return value(i); }

    /** The keys, in order, as a new list. */
    public List<Value> keys() { return List.of(keys); }

    public SetValue keySet() {
        return keys.length == 0 ? SetValue.EMPTY : SetValue.fromUnsorted(keys.clone(), keys.length);
    }

    public void forEach(BiConsumer<Value, Value> action) {
        for (int i = 0; i < keys.length; i++) {
            action.accept(keys[i], value(i));
        }
    }

    /** A copy with {@code key} set to {@code value}. */
    public ObjectValue with(Value key, Value value) {
        Value[] values = resolved();
        int i = Arrays.binarySearch(keys, key);
        if (i >= 0) {
            Value[] vs = values.clone();
            vs[i] = value;
            return new ObjectValue(keys, vs);
        }
        int at = -i - 1;
        Value[] ks = new Value[keys.length + 1];
        Value[] vs = new Value[keys.length + 1];
        System.arraycopy(keys, 0, ks, 0, at);
        System.arraycopy(values, 0, vs, 0, at);
        ks[at] = key;
        vs[at] = value;
        System.arraycopy(keys, at, ks, at + 1, keys.length - at);
        System.arraycopy(values, at, vs, at + 1, keys.length - at);
        return new ObjectValue(ks, vs);
    }

    /** A copy without {@code key}. */
    public ObjectValue without(Value key) {
        int i = Arrays.binarySearch(keys, key);
        if (i < 0) {
            return this;
        }
        Value[] values = resolved();
        Value[] ks = new Value[keys.length - 1];
        Value[] vs = new Value[keys.length - 1];
        System.arraycopy(keys, 0, ks, 0, i);
        System.arraycopy(values, 0, vs, 0, i);
        System.arraycopy(keys, i + 1, ks, i, keys.length - i - 1);
        System.arraycopy(values, i + 1, vs, i, keys.length - i - 1);
        return new ObjectValue(ks, vs);
    }

    /** A map view copy in key order. */
    public Map<Value, Value> toMap() {
        Map<Value, Value> m = new LinkedHashMap<>();
        forEach(m::put);
        return m;
    }

    @Override public String typeName() { return "object"; }
    @Override public int kindOrder() { return KIND; }

    @Override
    public int compareSameKind(Value other) {
        ObjectValue o = (ObjectValue) other;
        int n = Math.min(keys.length, o.keys.length);
        for (int i = 0; i < n; i++) {
            int c = keys[i].compareTo(o.keys[i]);
            if (c != 0) {
                return c;
            }
            c = value(i).compareTo(o.value(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(keys.length, o.keys.length);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ObjectValue ob) || ob.keys.length != keys.length || hashCode() != ob.hashCode()
                || !Arrays.equals(keys, ob.keys)) {
            return false;
        }
        for (int i = 0; i < keys.length; i++) { // value by value: a difference stops before the rest is converted
            if (!value(i).equals(ob.value(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Keys, scalar values and the kinds of the other values: equal objects hash alike, and hashing a document reads
     * (and, lazily held, converts) one level of it, not all of it.
     */
    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(keys);
            for (int i = 0; i < keys.length; i++) {
                Value v = value(i);
                h = 31 * h + (v.isScalar() ? v.hashCode() : v.kindOrder());
            }
            h = h * 31 + KIND;
            hash = h == 0 ? 1 : h;
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < keys.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(keys[i]).append(": ").append(value(i));
        }
        return sb.append('}').toString();
    }

    /**
     * Accumulates entries; a later {@code put} of an equal key replaces the earlier value (the first key object is
     * kept). Small objects, the usual case (a Kubernetes document's nodes, a violation), are collected in arrays and
     * deduplicated by a linear scan, which allocates a fraction of a hash map's entries; past {@link #LINEAR_MAX}
     * entries a hash map takes over. Not thread-safe.
     */
    public static final class Builder {
        private static final int LINEAR_MAX = 8;
        // Room for the usual handful of entries (a violation has one or two); grown up to LINEAR_MAX.
        private Value[] keys = new Value[4];
        private Value[] values = new Value[4];
        private int size;
        /** Non-null once the builder holds more than {@link #LINEAR_MAX} entries; the arrays are then unused. */
        private Map<Value, Value> entries;

        public Builder put(Value key, Value value) {
            if (entries != null) {
                entries.put(key, value);
                return this;
            }
            for (int i = 0; i < size; i++) {
                if (keys[i].equals(key)) {
                    values[i] = value;
                    return this;
                }
            }
            if (size == LINEAR_MAX) {
                entries = new HashMap<>();
                for (int i = 0; i < size; i++) {
                    entries.put(keys[i], values[i]);
                }
                entries.put(key, value);
                keys = null;
                values = null;
                return this;
            }
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, LINEAR_MAX);
                values = Arrays.copyOf(values, LINEAR_MAX);
            }
            keys[size] = key;
            values[size] = value;
            size++;
            return this;
        }

        public Builder put(String key, Value value) {
            return put(StringValue.of(key), value);
        }

        /** The value already put under {@code key}, or {@code null}. */
        public Value get(Value key) {
            if (entries != null) {
                return entries.get(key);
            }
            for (int i = 0; i < size; i++) {
                if (keys[i].equals(key)) {
                    return values[i];
                }
            }
            return null;
        }

        public int size() { return entries != null ? entries.size() : size; }

        public ObjectValue build() {
            if (entries == null) {
                if (size == 0) {
                    return EMPTY;
                }
                Value[] ks = Arrays.copyOf(keys, size);
                Value[] vs = Arrays.copyOf(values, size);
                // Insertion sort: at most LINEAR_MAX keys, and stable like the sort below.
                for (int i = 1; i < ks.length; i++) {
                    Value k = ks[i];
                    Value v = vs[i];
                    int j = i - 1;
                    for (; j >= 0 && compareKeys(ks[j], k) > 0; j--) {
                        ks[j + 1] = ks[j];
                        vs[j + 1] = vs[j];
                    }
                    ks[j + 1] = k;
                    vs[j + 1] = v;
                }
                return new ObjectValue(ks, vs);
            }
            List<Map.Entry<Value, Value>> list = new ArrayList<>(entries.entrySet());
            list.sort(Map.Entry.comparingByKey());
            Value[] ks = new Value[list.size()];
            Value[] vs = new Value[list.size()];
            for (int i = 0; i < ks.length; i++) {
                ks[i] = list.get(i).getKey();
                vs[i] = list.get(i).getValue();
            }
            return new ObjectValue(ks, vs);
        }
    }
}
