package dev.gatehouse.rego.builtins;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A small process-wide cache of compiled patterns (regexes, globs) keyed by their source text, so that a policy
 * evaluated many times compiles each pattern once. Bounded: when full it is cleared wholesale, which keeps the
 * common case (a fixed set of patterns in policies) fast and an adversarial stream of distinct patterns cheap.
 * Thread-safe.
 */
final class CompiledCache<K, V> {
    private final int capacity;
    private final ConcurrentHashMap<K, V> map = new ConcurrentHashMap<>();

    CompiledCache(int capacity) {
        this.capacity = capacity;
    }

    /** The cached value, computing it (possibly throwing) when absent; failures are not cached. */
    V get(K key, Function<K, V> compile) {
        V v = map.get(key);
        if (v != null) {
            return v;
        }
        v = compile.apply(key);
        if (map.size() >= capacity) {
            map.clear();
        }
        map.put(key, v);
        return v;
    }
}
