package dev.gatehouse.rego.eval;

import dev.gatehouse.rego.PreparedQuery;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;

/** Reads what tests ask of a query: the JSON of variable {@code x} in its first result. */
final class QueryBindings {
    private QueryBindings() {}

    /** {@code x} in the query's first result on this input, as JSON; null when there is no result or no {@code x}. */
    static String x(PreparedQuery q, String input) {
        var rs = q.evaluate(ValueJson.parse(input));
        if (rs.isEmpty()) {
            return null;
        }
        Value v = rs.get(0).bindings().get("x");
        return v == null ? null : ValueJson.toJson(v);
    }
}
