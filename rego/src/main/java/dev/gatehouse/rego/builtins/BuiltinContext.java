package dev.gatehouse.rego.builtins;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * What a builtin may know about the query it runs in. One context per query evaluation; it is confined to the
 * evaluating thread (builtins need no synchronization to use {@link #cache()}).
 */
public interface BuiltinContext {

    /**
     * The query's time: read from the clock when a builtin first asks, then the same instant for every call in the
     * query (as OPA's time.now_ns, which is fixed per query).
     */
    Instant queryTime();

    /** {@link #queryTime()} in nanoseconds since the epoch. */
    default long queryTimeNanos() {
        Instant t = queryTime();
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    /** The clock the query was started with (for builtins that must measure elapsed time). */
    Clock clock();

    /** Throws the evaluator's cancellation error if the query's deadline passed or it was cancelled. */
    void checkCancelled();

    /** Writes one line of {@code print} output. */
    void print(String line);

    /** Whether strict builtin errors are on (builtins rarely need this; the evaluator applies it). */
    boolean strictBuiltinErrors();

    /** Whether builtins may use the network (http.send, net.lookup_ip_addr). */
    boolean networkAllowed();

    /**
     * A cache living as long as the query: for values that must be consistent within one evaluation
     * (rand.intn, uuid.rfc4122) or costly to recompute (parsed regexes). Keys should be records private to the
     * family so families cannot collide.
     */
    Map<Object, Object> cache();
}
