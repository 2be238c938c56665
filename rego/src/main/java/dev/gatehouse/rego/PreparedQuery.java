package dev.gatehouse.rego;

import dev.gatehouse.rego.compiler.CompiledPolicy;
import dev.gatehouse.rego.compiler.CompiledQuery;
import dev.gatehouse.rego.eval.EvalOptions;
import dev.gatehouse.rego.eval.QueryEvaluator;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled policy and query, ready to evaluate many times. Immutable and thread-safe: evaluations share no
 * mutable state.
 *
 * <pre>{@code
 * PreparedQuery q = Rego.builder().module("authz.rego", src).query("data.authz.allow").build();
 * boolean allowed = q.evaluate(ValueJson.parse(inputJson)).stream()
 *         .anyMatch(r -> r.expressions().get(0).equals(BooleanValue.TRUE));
 * }</pre>
 */
public final class PreparedQuery {
    private final CompiledPolicy policy;
    private final CompiledQuery query;
    private final List<String> expressionVars;
    private final Value data;
    private final EvalOptions options;

    PreparedQuery(CompiledPolicy policy, CompiledQuery query, List<String> expressionVars, Value data, EvalOptions options) {
        this.policy = policy;
        this.query = query;
        // A null entry marks an expression that is not a term (its value is true); List.copyOf rejects nulls.
        this.expressionVars = java.util.Collections.unmodifiableList(new ArrayList<>(expressionVars));
        this.data = data;
        this.options = options;
    }

    public CompiledPolicy policy() {
        return policy;
    }

    /** Evaluates with an input (null for none) and the data given to the builder. */
    public List<QueryResult> evaluate(Value input) {
        return evaluate(input, data, options);
    }

    /** Evaluates with input, data and options replacing the builder's. */
    public List<QueryResult> evaluate(Value input, Value data, EvalOptions options) {
        List<Map<String, Value>> rows = QueryEvaluator.evaluate(policy, query, input, data, options);
        List<QueryResult> out = new ArrayList<>(rows.size());
        for (Map<String, Value> row : rows) {
            Value[] exprs = new Value[expressionVars.size()];
            for (int i = 0; i < exprs.length; i++) {
                String v = expressionVars.get(i);
                exprs[i] = v == null ? dev.gatehouse.rego.value.BooleanValue.TRUE : row.get(v);
            }
            // Most queries (data.pkg.rule) bind only generated ($) variables: no map to build for them.
            Map<String, Value> bindings = Map.of();
            for (Map.Entry<String, Value> e : row.entrySet()) {
                if (!e.getKey().startsWith("$")) {
                    if (bindings.isEmpty()) {
                        bindings = new HashMap<>();
                    }
                    bindings.put(e.getKey(), e.getValue());
                }
            }
            out.add(new QueryResult(bindings, Arrays.asList(exprs)));
        }
        return out;
    }

    /**
     * The value of the query's one expression in its first result, or null when there is none: for a query that is
     * a single term with at most one value, such as a reference to a document ({@code data.pkg.violation}), this is
     * {@code evaluate(...).get(0).expressions().get(0)} without the result set around it.
     *
     * @throws IllegalStateException when the query is not a single term
     */
    public Value evaluateValue(Value input, Value data, EvalOptions options) {
        String var = expressionVars.size() == 1 ? expressionVars.get(0) : null;
        if (var == null) {
            throw new IllegalStateException("the query is not a single term");
        }
        return QueryEvaluator.evaluateFirst(policy, query, var, input, data, options);
    }

    /** Evaluates and renders the result set as OPA's JSON ({@code [{"expressions":[...],"bindings":{...}}]}). */
    public String evaluateToJson(Value input) {
        StringBuilder sb = new StringBuilder("[");
        List<QueryResult> results = evaluate(input);
        for (int i = 0; i < results.size(); i++) {
            QueryResult r = results.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"expressions\":[");
            for (int j = 0; j < r.expressions().size(); j++) {
                if (j > 0) {
                    sb.append(',');
                }
                sb.append(ValueJson.toJson(r.expressions().get(j)));
            }
            sb.append("],\"bindings\":").append(ValueJson.toJson(r.bindingsObject())).append('}');
        }
        return sb.append(']').toString();
    }
}
