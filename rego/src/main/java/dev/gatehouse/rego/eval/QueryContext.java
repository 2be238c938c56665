package dev.gatehouse.rego.eval;

import dev.gatehouse.rego.RegoError;
import dev.gatehouse.rego.RegoException;
import dev.gatehouse.rego.builtins.BuiltinContext;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** The per-query {@link BuiltinContext}: fixed query time, deadline, cancellation flag, print sink and cache. */
final class QueryContext implements BuiltinContext {
    // Not final: a thread's evaluation keeps its context between queries and starts it anew for each (see
    // {@link #start}), as a Gatekeeper review runs one short query per constraint.
    private Clock clock;
    /** Read from the clock when a builtin first asks, then fixed for the query: most queries never ask. */
    private Instant queryTime;
    private long deadlineNanos; // System.nanoTime() deadline, or Long.MAX_VALUE
    private AtomicBoolean cancelled;
    private Consumer<String> printSink;
    private boolean strict;
    private boolean network;
    /** Allocated when a builtin first uses it: most queries never do. */
    private Map<Object, Object> cache;

    QueryContext(Clock clock, long timeoutNanos, AtomicBoolean cancelled, Consumer<String> printSink, boolean strict,
                 boolean network) {
        start(clock, timeoutNanos, cancelled, printSink, strict, network);
    }

    /** Readies this for a new query, as if just constructed with these options. */
    void start(Clock clock, long timeoutNanos, AtomicBoolean cancelled, Consumer<String> printSink, boolean strict,
               boolean network) {
        this.clock = clock;
        this.queryTime = null;
        // The clock is read only for a deadline: most queries have none, and a Gatekeeper review runs dozens.
        this.deadlineNanos = timeoutNanos <= 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        this.cancelled = cancelled;
        this.printSink = printSink;
        this.strict = strict;
        this.network = network;
        this.cache = null;
    }

    /** Drops the finished query's references (its sink, flag, clock and builtin cache). */
    void release() {
        start(null, 0, null, null, false, false);
    }

    @Override
    public Instant queryTime() {
        Instant t = queryTime;
        if (t == null) {
            t = queryTime = clock.instant();
        }
        return t;
    }
    @Override public Clock clock() { return clock; }

    @Override
    public void checkCancelled() {
        if ((cancelled != null && cancelled.get())
                || (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0)) {
            throw new RegoException(RegoError.of(RegoError.Code.EVAL_CANCEL, "caller cancelled query execution", "", 0, 0));
        }
    }

    @Override
    public void print(String line) {
        if (printSink != null) {
            printSink.accept(line);
        }
    }

    @Override public boolean strictBuiltinErrors() { return strict; }
    @Override public boolean networkAllowed() { return network; }
    @Override
    public Map<Object, Object> cache() {
        Map<Object, Object> c = cache;
        if (c == null) {
            c = cache = new HashMap<>();
        }
        return c;
    }
}
