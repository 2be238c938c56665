package dev.gatehouse.server.http;

import dev.gatehouse.server.metrics.RequestMetrics;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches requests by path and method through an explicit route table: exact paths first (one hash lookup),
 * then, only when no exact path matched, the few {@link PathTemplate templated} paths in table order, reads bodies up to a size limit,
 * writes replies and records request metrics.
 *
 * <p>Unknown path: 404. Known path, other method: 405 with an {@code Allow} header. Body over the limit: 400 and
 * the connection is closed (reading the rest of a hostile body would be the attack). An endpoint that throws or
 * fails: 500 with a generic message; the cause is logged, never sent.
 *
 * <p>Immutable and thread-safe: one router serves every event loop.
 */
public final class Router implements Handler<HttpServerRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private static final String UNMATCHED = "unmatched";

    private final Map<String, Map<HttpMethod, Bound>> table;
    /** Tried in order after an exact miss; a handful at most, so a list beats any index. */
    private final List<Templated> templates;
    private final RequestMetrics.Endpoint unmatched;
    private final int maxBodyBytes;
    /** How long an oversized request's remaining body is drained after the answer, before the connection closes. */
    private static final long LINGER_MILLIS = 1000;

    public Router(List<Route> routes, RequestMetrics metrics, int maxBodyBytes) {
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("The body limit must be positive, got " + maxBodyBytes + ".");
        }
        Map<String, Map<HttpMethod, Bound>> byPath = new HashMap<>();
        Map<String, Map<HttpMethod, Bound>> byTemplate = new LinkedHashMap<>();
        for (Route route : routes) {
            Map<String, Map<HttpMethod, Bound>> target = PathTemplate.isTemplate(route.path()) ? byTemplate : byPath;
            Bound previous = target.computeIfAbsent(route.path(), p -> new LinkedHashMap<>())
                    .put(route.method(), new Bound(route, metrics.endpoint(route.name())));
            if (previous != null) {
                throw new IllegalArgumentException("Two routes for " + route.method() + " " + route.path() + ".");
            }
        }
        byPath.replaceAll((path, methods) -> Map.copyOf(methods));
        this.table = Map.copyOf(byPath);
        this.templates = byTemplate.entrySet().stream()
                .map(e -> new Templated(PathTemplate.compile(e.getKey()), Map.copyOf(e.getValue())))
                .toList();
        this.unmatched = metrics.endpoint(UNMATCHED);
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(HttpServerRequest request) {
        long start = System.nanoTime();
        Map<HttpMethod, Bound> methods = table.get(request.path());
        if (methods == null) {
            methods = templated(request.path());
        }
        if (methods == null) {
            send(request, Reply.text(404, "not_found", "404 page not found"), unmatched, start);
            return;
        }
        Bound bound = methods.get(request.method());
        if (bound == null) {
            String allow = methods.keySet().stream().map(HttpMethod::name).sorted().collect(Collectors.joining(", "));
            send(request, Reply.text(405, "method_not_allowed", "method " + request.method() + " not allowed on "
                    + request.path() + " (allowed: " + allow + ")").withHeader("Allow", allow), bound(methods), start);
            return;
        }
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && declaredTooLarge(declared)) {
            rejectOversized(request, bound.metrics, start);
            return;
        }
        readBody(request, bound, start);
    }

    private void readBody(HttpServerRequest request, Bound bound, long start) {
        Buffer body = Buffer.buffer();
        boolean[] oversized = {false};
        request.handler(chunk -> {
            if (oversized[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBodyBytes) {
                oversized[0] = true;
                rejectOversized(request, bound.metrics, start);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(error -> LOG.debug("reading {} {} failed: {}", request.method(), request.path(),
                error.toString()));
        request.endHandler(ignored -> {
            if (!oversized[0]) {
                dispatch(request, bound, body, start);
            }
        });
    }

    private void dispatch(HttpServerRequest request, Bound bound, Buffer body, long start) {
        Future<Reply> reply;
        try {
            reply = bound.route.endpoint().handle(request, body);
        } catch (RuntimeException e) {
            reply = Future.failedFuture(e);
        }
        reply.onComplete(done -> {
            if (done.succeeded()) {
                send(request, done.result(), bound.metrics, start);
            } else {
                LOG.error("{} {} failed", request.method(), request.path(), done.cause());
                send(request, Reply.text(500, "error", "internal error"), bound.metrics, start);
            }
        });
    }

    private void rejectOversized(HttpServerRequest request, RequestMetrics.Endpoint metrics, long start) {
        Reply reply = Reply.text(400, "bad_request", "request body is larger than " + maxBodyBytes + " bytes")
                .withHeader("Connection", "close");
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        // Read and drop what the client is still sending for a moment before closing: closing a socket with unread
        // data makes the kernel send a reset, which can destroy the answer before the client has read it. Bounded
        // in bytes and time (as Go's server lingers), so a client cannot keep us reading.
        long limit = Math.max(4L * maxBodyBytes, 16L << 20);
        long[] dropped = {0};
        request.handler(chunk -> {
            dropped[0] += chunk.length();
            if (dropped[0] > limit) {
                request.connection().close();
            }
        });
        request.endHandler(ignored -> request.connection().close());
        writeReply(response, reply).onComplete(done -> {
            if (request.isEnded()) {
                request.connection().close();
            } else {
                io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
                if (context == null) {
                    request.connection().close();
                } else {
                    context.owner().setTimer(LINGER_MILLIS, id -> request.connection().close());
                }
            }
        });
        metrics.record(reply.outcome(), System.nanoTime() - start);
    }

    private void send(HttpServerRequest request, Reply reply, RequestMetrics.Endpoint metrics, long start) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            // The client went away while we worked: nothing to write, but the work still counts.
            metrics.record("client_closed", System.nanoTime() - start);
            return;
        }
        writeReply(response, reply);
        metrics.record(reply.outcome(), System.nanoTime() - start);
    }

    private static Future<Void> writeReply(HttpServerResponse response, Reply reply) {
        response.setStatusCode(reply.status());
        response.putHeader(HttpHeaders.CONTENT_TYPE, reply.contentType());
        for (Map.Entry<String, String> header : reply.headers().entrySet()) {
            response.putHeader(header.getKey(), header.getValue());
        }
        return response.end(reply.body());
    }

    private boolean declaredTooLarge(String declared) {
        try {
            return Long.parseLong(declared.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false; // The HTTP codec rejects a malformed Content-Length before we see it.
        }
    }

    private Map<HttpMethod, Bound> templated(String path) {
        for (Templated candidate : templates) {
            if (candidate.template.matches(path)) {
                return candidate.methods;
            }
        }
        return null;
    }

    private static RequestMetrics.Endpoint bound(Map<HttpMethod, Bound> methods) {
        return methods.values().iterator().next().metrics;
    }

    /** The route table: exact paths, then templates, each with its methods. */
    public List<Route> routes() {
        return java.util.stream.Stream.concat(table.values().stream(), templates.stream().map(t -> t.methods))
                .flatMap(m -> m.values().stream()).map(b -> b.route).toList();
    }

    private record Bound(Route route, RequestMetrics.Endpoint metrics) {}

    private record Templated(PathTemplate template, Map<HttpMethod, Bound> methods) {}
}
