package dev.gatehouse.rego.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.rego.PreparedQuery;
import dev.gatehouse.rego.Rego;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.ValueJson;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A prepared query is shared by many threads; each evaluation must see only its own input. */
class ConcurrencyTest {

    @Test
    void preparedQuery_evaluatesConcurrentlyWithoutInterference() throws Exception {
        PreparedQuery q = Rego.builder()
                .module("t.rego", """
                        package t
                        allow if { some r in data.roles[input.user]; r == "admin" }
                        """)
                .data("{\"roles\": {\"ann\": [\"admin\"], \"bob\": [\"dev\"]}}")
                .query("data.t.allow")
                .build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                boolean admin = i % 2 == 0;
                results.add(pool.submit(() -> {
                    var rs = q.evaluate(ValueJson.parse(admin ? "{\"user\": \"ann\"}" : "{\"user\": \"bob\"}"));
                    boolean allowed = !rs.isEmpty() && rs.get(0).expressions().get(0).equals(BooleanValue.TRUE);
                    return allowed == admin;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
