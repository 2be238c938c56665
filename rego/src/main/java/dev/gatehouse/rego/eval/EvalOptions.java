package dev.gatehouse.rego.eval;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Per-evaluation settings. Immutable; {@code cancel} is a flag the caller may set from another thread.
 *
 * @param clock      source of the query time (time.now_ns) — injectable for tests
 * @param timeout    deadline for the evaluation; zero or null for none
 * @param cancel     set to true to cancel a running evaluation; may be null
 * @param print      sink for {@code print} output; null discards it
 * @param strict     strict builtin errors: the first builtin error fails the query instead of being undefined
 * @param network    whether builtins may use the network
 */
public record EvalOptions(Clock clock, Duration timeout, AtomicBoolean cancel, Consumer<String> print, boolean strict,
                          boolean network) {

    public static final EvalOptions DEFAULT = new EvalOptions(Clock.systemUTC(), null, null, null, false, false);

    public EvalOptions {
        clock = clock == null ? Clock.systemUTC() : clock;
    }

    public EvalOptions withStrict(boolean s) {
        return new EvalOptions(clock, timeout, cancel, print, s, network);
    }

    public EvalOptions withTimeout(Duration t) {
        return new EvalOptions(clock, t, cancel, print, strict, network);
    }

    public EvalOptions withPrint(Consumer<String> p) {
        return new EvalOptions(clock, timeout, cancel, p, strict, network);
    }

    public EvalOptions withCancel(AtomicBoolean c) {
        return new EvalOptions(clock, timeout, c, print, strict, network);
    }

    public EvalOptions withClock(Clock c) {
        return new EvalOptions(c, timeout, cancel, print, strict, network);
    }
}
