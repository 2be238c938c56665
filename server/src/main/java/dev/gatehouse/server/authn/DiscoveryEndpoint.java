package dev.gatehouse.server.authn;

import dev.gatehouse.auth.tokens.JsonResponse;
import dev.gatehouse.server.http.Endpoint;
import dev.gatehouse.server.http.Reply;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * One issuer discovery document ({@code /.well-known/openid-configuration} or {@code /openid/v1/jwks}), with its
 * content type and {@code Cache-Control: public, max-age=3600}. The document is built once at start-up; each reply
 * wraps its bytes in a fresh buffer, as a buffer's read position is per response. Thread-safe.
 */
public final class DiscoveryEndpoint implements Endpoint {

    private final JsonResponse document;

    public DiscoveryEndpoint(JsonResponse document) {
        this.document = java.util.Objects.requireNonNull(document, "document");
    }

    @Override
    public Future<Reply> handle(HttpServerRequest request, Buffer body) {
        return Future.succeededFuture(Replies.from(document, "ok"));
    }
}
