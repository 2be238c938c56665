package dev.gatehouse.server;

import dev.gatehouse.server.http.Endpoint;
import dev.gatehouse.server.http.Reply;
import io.vertx.core.Future;
import java.util.function.BooleanSupplier;

/**
 * {@code /healthz} (the process answers: liveness) and {@code /readyz} (the process should get traffic: its
 * cluster caches have synced and it is not shutting down). Separate because a restart cures neither a slow cache
 * sync nor a drain, and a liveness probe that waited for the sync would restart a pod that is merely catching up.
 */
final class HealthEndpoints {

    private HealthEndpoints() {}

    static Endpoint liveness() {
        return (request, body) -> Future.succeededFuture(Reply.text(200, "ok", "ok"));
    }

    static Endpoint readiness(BooleanSupplier cachesSynced, BooleanSupplier shuttingDown) {
        return (request, body) -> {
            if (shuttingDown.getAsBoolean()) {
                return Future.succeededFuture(Reply.text(503, "unavailable", "shutting down"));
            }
            if (!cachesSynced.getAsBoolean()) {
                return Future.succeededFuture(Reply.text(503, "unavailable", "cluster caches have not synced yet"));
            }
            return Future.succeededFuture(Reply.text(200, "ok", "ok"));
        };
    }
}
