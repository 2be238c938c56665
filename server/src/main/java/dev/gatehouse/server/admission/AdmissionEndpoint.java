package dev.gatehouse.server.admission;

import dev.gatehouse.policy.review.Decision;
import dev.gatehouse.policy.review.Engine;
import dev.gatehouse.server.http.Endpoint;
import dev.gatehouse.server.http.Reply;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/admit}: decodes an AdmissionReview, asks the engine, encodes its decision.
 *
 * <p>A body that is not an AdmissionReview is answered with HTTP 400 and the codec's message. An engine that throws
 * still yields a well-formed AdmissionReview (denied, code 500, InternalError) so the API server applies the
 * webhook's failurePolicy to a clear message instead of a transport error; the exception is logged with the uid.
 *
 * <p>The engine runs on a worker thread by default, so a slow evaluation (a large Rego policy, a namespace with
 * thousands of pods) never stalls the event loop's other connections; an engine known to answer in microseconds
 * without blocking may run on the event loop and save the thread hop.
 *
 * <p>Thread-safe.
 */
public final class AdmissionEndpoint implements Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(AdmissionEndpoint.class);
    private static final Engine ALLOW_ALL = review -> Decision.allow();

    private final AdmissionReviewCodec codec;
    private final Engine engine;
    private final boolean onEventLoop;

    public AdmissionEndpoint(AdmissionReviewCodec codec, Engine engine, boolean onEventLoop) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.onEventLoop = onEventLoop;
    }

    /**
     * {@code POST /v1/noop}: decodes and answers "allowed" without evaluating anything. The baseline for load tests:
     * the difference to {@code /v1/admit} is the engine's cost.
     */
    public static AdmissionEndpoint noop(AdmissionReviewCodec codec) {
        return new AdmissionEndpoint(codec, ALLOW_ALL, true);
    }

    @Override
    public Future<Reply> handle(HttpServerRequest request, Buffer body) {
        DecodedReview decoded;
        try {
            decoded = codec.decode(body.getBytes());
        } catch (AdmissionRequestException e) {
            return Future.succeededFuture(Reply.text(400, "bad_request", e.getMessage()));
        }
        if (onEventLoop || !engine.mayBlock(decoded.review())) {
            return Future.succeededFuture(answer(decoded, review(decoded)));
        }
        Context context = Vertx.currentContext();
        // Unordered: requests are independent, so they may run on workers in parallel.
        return context.executeBlocking(() -> review(decoded), false).map(decision -> answer(decoded, decision));
    }

    private Decision review(DecodedReview decoded) {
        try {
            return engine.review(decoded.review());
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError vme) {
                throw vme;
            }
            LOG.error("engine failed on admission request uid={} {} {}/{}", decoded.review().uid(),
                    decoded.review().operation(), decoded.review().namespace(), decoded.review().name(), e);
            return AdmissionReviewCodec.internalError(e);
        }
    }

    private Reply answer(DecodedReview decoded, Decision decision) {
        String outcome = decision.allowed() ? "allowed" : decision.code() >= 500 ? "error" : "denied";
        return Reply.of(200, outcome, Reply.JSON, codec.encode(decoded, decision));
    }
}
