package dev.gatehouse.rego.eval;

import dev.gatehouse.rego.compiler.RuleTree;
import dev.gatehouse.rego.value.Value;
import java.util.Arrays;

/**
 * Results of user function calls within one {@link Env}, keyed by function and arguments. An open-addressing
 * table looked up without building a key object: a policy calls the same helper (an exemption check, a unit
 * parser) with the same arguments many times per evaluation, so hits are the common case and must be cheap.
 * Confined to one evaluation thread.
 */
final class FunctionCache {
    // Allocated on the first call: many evaluations call no function at all.
    private RuleTree.Node[] nodes = NO_NODES;
    private Value[][] args;
    private Value[] results;
    private int[] hashes;
    /** The slots in use, in insertion order (the first {@link #size}): {@link #clear} empties just those. */
    private int[] used;
    private int size;

    private static final RuleTree.Node[] NO_NODES = {};

    static int hash(RuleTree.Node node, Value[] args) {
        return node.id() * 31 + Arrays.hashCode(args);
    }

    /** The stored result (possibly the caller's undefined marker), or null when the call is not stored. */
    Value get(RuleTree.Node node, Value[] a, int hash) {
        if (size == 0) {
            return null;
        }
        int mask = nodes.length - 1;
        for (int i = mix(hash) & mask; ; i = (i + 1) & mask) {
            RuleTree.Node n = nodes[i];
            if (n == null) {
                return null;
            }
            if (n == node && hashes[i] == hash && sameArgs(args[i], a)) {
                return results[i];
            }
        }
    }

    /**
     * {@link Arrays#equals}, comparing references first: a repeated call mostly passes the very same values (the
     * container being checked, the constant field name), which then need no call of {@code equals} at all.
     */
    static boolean sameArgs(Value[] x, Value[] y) {
        if (x.length != y.length) {
            return false;
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i] != y[i] && !x[i].equals(y[i])) {
                return false;
            }
        }
        return true;
    }

    /** Stores a result; the arguments array must never change afterwards. */
    void put(RuleTree.Node node, Value[] a, int hash, Value result) {
        if ((size + 1) * 2 > nodes.length) {
            grow();
        }
        insert(node, a, hash, result);
    }

    private void insert(RuleTree.Node node, Value[] a, int hash, Value result) {
        int mask = nodes.length - 1;
        int i = mix(hash) & mask;
        while (nodes[i] != null) {
            if (nodes[i] == node && hashes[i] == hash && sameArgs(args[i], a)) {
                results[i] = result;
                return;
            }
            i = (i + 1) & mask;
        }
        nodes[i] = node;
        args[i] = a;
        hashes[i] = hash;
        results[i] = result;
        used[size++] = i;
    }

    private void grow() {
        RuleTree.Node[] oldNodes = nodes;
        Value[][] oldArgs = args;
        Value[] oldResults = results;
        int[] oldHashes = hashes;
        int capacity = Math.max(32, oldNodes.length * 2);
        nodes = new RuleTree.Node[capacity];
        args = new Value[capacity][];
        results = new Value[capacity];
        hashes = new int[capacity];
        used = new int[capacity / 2];
        size = 0;
        for (int i = 0; i < oldNodes.length; i++) {
            if (oldNodes[i] != null) {
                insert(oldNodes[i], oldArgs[i], oldHashes[i], oldResults[i]);
            }
        }
    }

    /** Largest table kept for reuse by {@link #clear}; a larger one is dropped with its evaluation. */
    private static final int REUSE_MAX = 1024;

    /**
     * Forgets every entry so that the next evaluation on this thread can reuse the tables instead of growing new
     * ones call by call; false when the tables are too large to keep (the cache must then be dropped).
     */
    boolean clear() {
        if (nodes.length > REUSE_MAX) {
            return false;
        }
        for (int k = 0; k < size; k++) {
            int i = used[k];
            nodes[i] = null;
            args[i] = null; // nor keep the last evaluation's values alive
            results[i] = null;
        }
        size = 0;
        return true;
    }

    private static int mix(int h) {
        return h ^ (h >>> 16);
    }
}
