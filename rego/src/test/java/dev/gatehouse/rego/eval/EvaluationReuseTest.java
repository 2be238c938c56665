package dev.gatehouse.rego.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.rego.PreparedQuery;
import dev.gatehouse.rego.Rego;
import dev.gatehouse.rego.RegoException;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A thread keeps its evaluation between queries and sets it up anew for the next one: nothing of one query (its
 * policy, the names it resolved, its options, the state an error left behind) may show in the next.
 */
class EvaluationReuseTest {

    private static Value eval(PreparedQuery q, String input, EvalOptions options) {
        return q.evaluateValue(ValueJson.parse(input), null, options);
    }

    /**
     * The same function name in two policies: a call looked up by name (a {@code with} on a builtin sends calls that
     * way) must find the function of the query's own policy.
     */
    @Test
    void aCallName_resolvesInTheQuerysOwnPolicy() {
        PreparedQuery plusOne = Rego.builder().module("a.rego", """
                package lib
                f(x) := x + 1
                out contains y if { some x in input.xs; y := f(x) with time.now_ns as 0 }
                """).query("data.lib.out").build();
        PreparedQuery timesTen = Rego.builder().module("b.rego", """
                package lib
                f(x) := x * 10
                out contains y if { some x in input.xs; y := f(x) with time.now_ns as 0 }
                """).query("data.lib.out").build();
        for (int i = 0; i < 3; i++) {
            assertThat(ValueJson.toJson(eval(plusOne, "{\"xs\": [1, 2]}", EvalOptions.DEFAULT))).isEqualTo("[2,3]");
            assertThat(ValueJson.toJson(eval(timesTen, "{\"xs\": [1, 2]}", EvalOptions.DEFAULT))).isEqualTo("[10,20]");
        }
    }

    @Test
    void aQueryAfterAnError_evaluatesAsIfFirst() {
        PreparedQuery conflict = Rego.builder().module("c.rego", """
                package c
                p := 1 if input.a
                p := 2 if input.a
                deep := q if { some x in input.xs; q := g(x) }
                g(x) := x if x > 0
                """).query("data.c").build();
        String before = ValueJson.toJson(eval(conflict, "{\"xs\": [1]}", EvalOptions.DEFAULT));
        assertThatThrownBy(() -> eval(conflict, "{\"a\": true, \"xs\": [1]}", EvalOptions.DEFAULT))
                .isInstanceOf(RegoException.class).hasMessageContaining("multiple outputs");
        assertThat(ValueJson.toJson(eval(conflict, "{\"xs\": [1]}", EvalOptions.DEFAULT))).isEqualTo(before)
                .isEqualTo("{\"deep\":1}");
    }

    @Test
    void eachQuery_usesItsOwnOptions() {
        PreparedQuery q = Rego.builder().module("o.rego", """
                package o
                n := to_number(input.s)
                t := time.now_ns()
                printed if print("hello", input.s)
                """).query("data.o").build();
        List<String> lines = new ArrayList<>();
        EvalOptions strictPrinting = EvalOptions.DEFAULT.withStrict(true).withPrint(lines::add)
                .withClock(Clock.fixed(Instant.ofEpochSecond(1), ZoneOffset.UTC));
        assertThatThrownBy(() -> eval(q, "{\"s\": \"x\"}", strictPrinting)).isInstanceOf(RegoException.class);
        // Not strict: the failing conversion is undefined; no print sink: nothing printed; the system clock.
        String relaxed = ValueJson.toJson(eval(q, "{\"s\": \"x\"}", EvalOptions.DEFAULT));
        assertThat(relaxed).doesNotContain("\"n\"").contains("\"printed\":true").doesNotContain("\"t\":1000000000,");
        assertThat(lines).isEmpty();
        String fixed = ValueJson.toJson(eval(q, "{\"s\": \"2\"}", strictPrinting));
        assertThat(fixed).contains("\"n\":2", "\"t\":1000000000");
        assertThat(lines).containsExactly("hello 2");
    }
}
