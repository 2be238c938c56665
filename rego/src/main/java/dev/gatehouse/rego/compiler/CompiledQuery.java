package dev.gatehouse.rego.compiler;

import dev.gatehouse.rego.ast.Body;
import java.util.List;

/**
 * A query body compiled against a policy: references resolved, expressions reordered for safety.
 *
 * @param body       the body to evaluate
 * @param outputVars the query's variables, reported in each result row
 */
public record CompiledQuery(Body body, List<String> outputVars) {
    public CompiledQuery {
        outputVars = List.copyOf(outputVars);
    }
}
