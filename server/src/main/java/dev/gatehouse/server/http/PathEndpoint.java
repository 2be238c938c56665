package dev.gatehouse.server.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;

/**
 * An {@link Endpoint} of a templated route ({@link PathTemplate}): it also receives the path's variables. The same
 * rules apply: called on the event loop, must not block.
 */
@FunctionalInterface
public interface PathEndpoint {
    Future<Reply> handle(HttpServerRequest request, Map<String, String> variables, Buffer body);
}
