package dev.gatehouse.server.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers one request whose body has been read in full (and found within the size limit). Called on the
 * connection's event loop: implementations must not block; they move slow work to a worker and return a future.
 * An exception or failed future is answered with HTTP 500 and logged by the {@link Router}.
 */
@FunctionalInterface
public interface Endpoint {
    Future<Reply> handle(HttpServerRequest request, Buffer body);
}
