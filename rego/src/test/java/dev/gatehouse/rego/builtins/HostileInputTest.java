package dev.gatehouse.rego.builtins;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import org.junit.jupiter.api.Test;

/** Deeply nested input fails with an OPA-style error instead of exhausting the Java stack. */
class HostileInputTest {

    private static Value call(String name, Value... args) {
        return BuiltinTesting.builtin(name).function().apply(BuiltinTesting.context(), args);
    }

    @Test
    void graphqlParseQuery_refusesDeeplyNestedValues() {
        String query = "{ a(x: " + "[".repeat(100_000) + ") }";
        assertThatThrownBy(() -> call("graphql.parse_query", StringValue.of(query)))
                .isInstanceOf(BuiltinException.class).hasMessageContaining("nested too deeply");
    }

    @Test
    void graphqlParseQuery_refusesDeeplyNestedSelections() {
        String query = "{ a ".repeat(50_000);
        assertThatThrownBy(() -> call("graphql.parse_query", StringValue.of(query)))
                .isInstanceOf(BuiltinException.class).hasMessageContaining("nested too deeply");
    }

    @Test
    void renderTemplate_refusesDeeplyNestedBlocks() {
        String template = "{{if true}}".repeat(10_000) + "x" + "{{end}}".repeat(10_000);
        assertThatThrownBy(() -> call("strings.render_template", StringValue.of(template), ObjectValue.EMPTY))
                .isInstanceOf(BuiltinException.class).hasMessageContaining("nested too deeply");
    }

    @Test
    void reachablePaths_refusesPathsLongerThanTheLimit() {
        ObjectValue.Builder graph = ObjectValue.builder();
        for (int i = 0; i < 5000; i++) {
            graph.put(StringValue.of("n" + i), dev.gatehouse.rego.value.ArrayValue.of(StringValue.of("n" + (i + 1))));
        }
        assertThatThrownBy(() -> call("graph.reachable_paths", graph.build(),
                dev.gatehouse.rego.value.ArrayValue.of(StringValue.of("n0"))))
                .isInstanceOf(BuiltinException.class).hasMessageContaining("path longer than");
    }
}
