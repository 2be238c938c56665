package dev.gatehouse.rego.eval;

import dev.gatehouse.rego.compiler.SharedDocumentKey;
import dev.gatehouse.rego.value.Value;
import java.util.HashMap;
import java.util.Map;

/**
 * Rule documents shared between evaluations of different policies on the same value of one input member (see
 * {@link SharedDocumentKey}): Gatekeeper evaluates each template of a request against the same {@code input.review},
 * and a dozen of the library's templates compute the same {@code input_containers} from it.
 *
 * <p>One store per thread, for one member value at a time (by identity, which it holds, so the identity cannot be
 * reused while stored): a different value empties it. Bounded; confined to its thread.
 */
final class SharedDocuments {
    private static final ThreadLocal<SharedDocuments> STORE = ThreadLocal.withInitial(SharedDocuments::new);
    /** Far more shared documents than one request's policies define; past this the store starts over. */
    private static final int CAPACITY = 256;

    private Value member;
    private final Map<SharedDocumentKey, Value> documents = new HashMap<>();

    private SharedDocuments() {}

    /** This thread's store for a member value, emptied if it held another's. */
    static SharedDocuments forMember(Value member) {
        SharedDocuments s = STORE.get();
        if (s.member != member) {
            s.member = member;
            s.documents.clear();
        }
        return s;
    }

    /** The stored document (possibly the evaluator's marker for undefined), or null. */
    Value get(SharedDocumentKey key) {
        return documents.get(key);
    }

    void put(SharedDocumentKey key, Value document) {
        if (documents.size() >= CAPACITY) {
            documents.clear();
        }
        documents.put(key, document);
    }
}
