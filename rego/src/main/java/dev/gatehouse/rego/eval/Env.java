package dev.gatehouse.rego.eval;

import dev.gatehouse.rego.compiler.RuleTree;
import dev.gatehouse.rego.value.Value;
import java.util.Arrays;
import java.util.Map;

/**
 * The documents and replacements an expression is evaluated against. {@code with} creates a derived Env, with its
 * own cache, so results computed under a replacement never leak out of it.
 */
final class Env {
    /** The input document, or null when there is none. */
    final Value input;
    /** Base (non-virtual) data. */
    final Value data;
    /** Rule nodes replaced by values ({@code with data.pkg.p as v}). */
    final Map<RuleTree.Node, Value> overrides;
    /** Functions and builtins replaced by a value or by another function (dotted name). */
    final Map<String, Object> mocks;
    /** Whether {@link #overrides} is non-empty: asked on every document lookup, answered without a map call. */
    final boolean hasOverrides;
    /** Whether {@link #mocks} is non-empty: asked on every call. */
    final boolean hasMocks;
    /** Per-Env cache of function call results. */
    final FunctionCache calls;
    /**
     * Per-Env state of each rule node, indexed by {@link RuleTree.Node#id()}: null (not computed), the document,
     * {@link #UNDEFINED} or {@link #IN_PROGRESS} (being computed, to report recursion). Allocated on the first
     * document: an array read instead of a hash lookup and an identity-table put and remove per document.
     */
    private Value[] documents;
    private final int nodeCount;

    /** Marks an undefined document. */
    static final Value UNDEFINED = new dev.gatehouse.rego.value.StringValue("\u0000undefined\u0000");
    /** Marks a document being computed. */
    static final Value IN_PROGRESS = new dev.gatehouse.rego.value.StringValue("\u0000in progress\u0000");

    Env(Value input, Value data, Map<RuleTree.Node, Value> overrides, Map<String, Object> mocks, int nodeCount) {
        this(input, data, overrides, mocks, nodeCount, new FunctionCache());
    }

    /** An Env whose function cache is given (empty), for a query that reuses its thread's. */
    Env(Value input, Value data, Map<RuleTree.Node, Value> overrides, Map<String, Object> mocks, int nodeCount,
        FunctionCache calls) {
        this.calls = calls;
        this.input = input;
        this.data = data;
        this.overrides = overrides;
        this.mocks = mocks;
        this.hasOverrides = !overrides.isEmpty();
        this.hasMocks = !mocks.isEmpty();
        this.nodeCount = nodeCount;
    }

    /** The stored state of a node: null, a document, {@link #UNDEFINED} or {@link #IN_PROGRESS}. */
    Value document(RuleTree.Node node) {
        Value[] docs = documents;
        int id = node.id();
        return docs == null || id >= docs.length ? null : docs[id];
    }

    /** Stores the state of a node (null to forget it). */
    void document(RuleTree.Node node, Value state) {
        int id = node.id();
        Value[] docs = documents;
        if (docs == null || id >= docs.length) {
            docs = documents = docs == null ? new Value[Math.max(nodeCount, id + 1)] : Arrays.copyOf(docs, id + 1);
        }
        docs[id] = state;
    }

    int nodeCount() {
        return nodeCount;
    }
}
