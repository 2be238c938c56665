package dev.gatehouse.server.metrics;

import dev.gatehouse.server.http.Endpoint;
import dev.gatehouse.server.http.Reply;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@code GET /metrics}: the registry in the Prometheus text format (version 0.0.4), which every Prometheus and
 * OpenMetrics scraper accepts. Thread-safe.
 */
public final class MetricsEndpoint implements Endpoint {

    private final PrometheusRegistry registry;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public MetricsEndpoint(PrometheusRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Future<Reply> handle(HttpServerRequest request, Buffer body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
        return Future.succeededFuture(Reply.of(200, "ok", writer.getContentType(), out.toByteArray()));
    }
}
