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
        EvalOptions o = options == null ? EvalOptions.DEFAULT : options;
        long timeout = o.timeout() == null ? 0 : o.timeout().toNanos();
        QueryContext ctx = new QueryContext(o.clock(), timeout, o.cancel(), o.print(), o.strict(), o.network());
        Env env = new Env(input, data == null ? ObjectValue.EMPTY : data, Map.of(), Map.of(),
                policy.tree().nodeCount());
        return new Evaluation(policy, ctx, env).run(query.body(), query.outputVars());
    }
}
