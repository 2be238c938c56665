package dev.gatehouse.rego.eval;

import dev.gatehouse.rego.compiler.CompiledPolicy;
import dev.gatehouse.rego.compiler.CompiledQuery;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.Value;
import java.util.List;
import java.util.Map;

/** Entry point of the evaluator. Stateless and thread-safe; each call evaluates independently. */
public final class QueryEvaluator {
    private QueryEvaluator() {}

    /**
     * Evaluates a compiled query.
     *
     * @param input the input document or null for none
     * @param data  base data (an object) or null for empty
     * @return one binding map per solution (variables of the query), in evaluation order
     * @throws dev.gatehouse.rego.RegoException on evaluation errors (conflicts, strict builtin errors, cancellation)
     */
    public static List<Map<String, Value>> evaluate(CompiledPolicy policy, CompiledQuery query, Value input, Value data,
                                                    EvalOptions options) {
        Evaluation ev = start(policy, input, data, options);
        List<Map<String, Value>> rows = ev.run(query.body(), query.outputVars());
        finish(ev);
        return rows;
    }

    /**
     * Evaluates a compiled query up to its first solution: the value of {@code var} there, or null when the query has
     * no solution (or leaves the variable unbound). For a query with at most one solution, such as a reference to a
     * document, this is {@link #evaluate}'s one row without building it.
     */
    public static Value evaluateFirst(CompiledPolicy policy, CompiledQuery query, String var, Value input, Value data,
                                      EvalOptions options) {
        Evaluation ev = start(policy, input, data, options);
        Value v = ev.firstSolution(query.body(), var);
        finish(ev);
        return v;
    }

    private static Evaluation start(CompiledPolicy policy, Value input, Value data, EvalOptions options) {
        EvalOptions o = options == null ? EvalOptions.DEFAULT : options;
        long timeout = o.timeout() == null ? 0 : o.timeout().toNanos();
        // The thread's evaluation and function cache, taken while this query runs (a query started from within it,
        // if any, finds none and makes its own), and given back emptied: their pools and tables then need not be
        // allocated and grown anew for every query.
        FunctionCache calls = SPARE_CALLS.get();
        if (calls != null) {
            SPARE_CALLS.set(null);
        } else {
            calls = new FunctionCache();
        }
        Env env = new Env(input, data == null ? ObjectValue.EMPTY : data, Map.of(), Map.of(),
                policy.tree().nodeCount(), calls);
        Evaluation ev = SPARE_EVALUATION.get();
        if (ev == null) {
            return new Evaluation(policy,
                    new QueryContext(o.clock(), timeout, o.cancel(), o.print(), o.strict(), o.network()), env);
        }
        SPARE_EVALUATION.set(null);
        ev.ctx.start(o.clock(), timeout, o.cancel(), o.print(), o.strict(), o.network());
        ev.reset(policy, env);
        return ev;
    }

    /**
     * Gives the evaluation and its function cache back once the query is done (an exception skips this: they are
     * then dropped, whatever state the exception left them in).
     */
    private static void finish(Evaluation ev) {
        FunctionCache calls = ev.env.calls;
        if (calls.clear()) {
            SPARE_CALLS.set(calls);
        }
        ev.release();
        SPARE_EVALUATION.set(ev);
    }

    /** Each thread's function cache between queries (no results: it is emptied before it is put here). */
    private static final ThreadLocal<FunctionCache> SPARE_CALLS = new ThreadLocal<>();
    /** Each thread's evaluation between queries (released: it refers to no policy, document or value). */
    private static final ThreadLocal<Evaluation> SPARE_EVALUATION = new ThreadLocal<>();
}
