package dev.gatehouse.rego;

import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One solution of a query: the values of its variables and of its expressions (terms evaluate to their value,
 * other expressions to {@code true}), as {@code opa eval} reports them. Immutable.
 */
public record QueryResult(Map<String, Value> bindings, List<Value> expressions) {
    public QueryResult {
        bindings = Map.copyOf(bindings);
        expressions = List.copyOf(expressions);
    }

    /** The bindings as an object with variables in name order. */
    public ObjectValue bindingsObject() {
        ObjectValue.Builder b = ObjectValue.builder();
        new TreeMap<>(bindings).forEach((k, v) -> b.put(StringValue.of(k), v));
        return b.build();
    }
}
