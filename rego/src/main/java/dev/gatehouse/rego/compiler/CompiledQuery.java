package dev.gatehouse.rego.compiler;

import dev.gatehouse.rego.ast.Body;
import java.util.List;

/**
 * A query body compiled against a policy: references resolved, expressions reordered for safety.
 *
 * @param body       the body to evaluate
 * @param outputVars the query's variables, reported in each result row
 * @param frame      the layout of the query's bindings ({@link Frame#NONE}: every variable is found by name)
 */
public record CompiledQuery(Body body, List<String> outputVars, Frame frame) {
    public CompiledQuery {
        outputVars = List.copyOf(outputVars);
    }

    /** A query whose variables have no slots. */
    public CompiledQuery(Body body, List<String> outputVars) {
        this(body, outputVars, Frame.NONE);
    }
}
