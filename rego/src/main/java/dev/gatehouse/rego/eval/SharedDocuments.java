package dev.gatehouse.rego.eval;

import dev.gatehouse.rego.compiler.SharedDocumentKey;
import dev.gatehouse.rego.value.Value;

/**
 * The key of a shared rule document in an {@link EvaluationScope}: the document's key and the value of the input
 * member it reads, by identity (the policies of one review see the same converted review; a {@code with} replacing
 * it sees another value, and so another key).
 */
final class SharedDocuments {
    private SharedDocuments() {}

    static Object key(SharedDocumentKey document, Value member) {
        return new Key(document, member);
    }

    private record Key(SharedDocumentKey document, Value member) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.member == member && k.document.equals(document);
        }

        @Override
        public int hashCode() {
            return document.hashCode() * 31 + System.identityHashCode(member);
        }
    }
}
