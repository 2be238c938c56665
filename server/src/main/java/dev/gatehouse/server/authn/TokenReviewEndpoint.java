package dev.gatehouse.server.authn;

import dev.gatehouse.auth.tokens.JsonResponse;
import dev.gatehouse.auth.tokens.TokenReviewResponder;
import dev.gatehouse.server.http.Endpoint;
import dev.gatehouse.server.http.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Objects;

/**
 * {@code POST /v1/authenticate}: the API server's token webhook (authentication.k8s.io TokenReview, v1 or
 * v1beta1, answered in the version asked). Valid tokens are answered with the user, foreign tokens with
 * {@code authenticated: false} and no error, bad bodies with 400 and a Status.
 *
 * <p>Verification runs on a worker thread: an uncached token costs a signature check, and concurrent reviews of
 * one token wait for a single verification, which must not park an event loop. Thread-safe.
 */
public final class TokenReviewEndpoint implements Endpoint {

    private final TokenReviewResponder responder;

    public TokenReviewEndpoint(TokenReviewResponder responder) {
        this.responder = Objects.requireNonNull(responder, "responder");
    }

    @Override
    public Future<Reply> handle(HttpServerRequest request, Buffer body) {
        byte[] bytes = body.getBytes();
        return Vertx.currentContext().executeBlocking(() -> reply(responder.respond(bytes)), false);
    }

    private static Reply reply(JsonResponse response) {
        return Replies.from(response, response.status() == 200 ? "reviewed" : Replies.outcome(response.status()));
    }
}
