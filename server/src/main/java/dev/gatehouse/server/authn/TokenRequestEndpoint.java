package dev.gatehouse.server.authn;

import dev.gatehouse.auth.tokens.JsonResponse;
import dev.gatehouse.auth.tokens.TokenIssuer;
import dev.gatehouse.auth.tokens.TokenRequestResponder;
import dev.gatehouse.auth.tokens.TokenRequestAuthorization.Caller;
import dev.gatehouse.auth.tokens.TokenVerifier;
import dev.gatehouse.auth.tokens.VerificationResult;
import dev.gatehouse.server.http.PathEndpoint;
import dev.gatehouse.server.http.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/namespaces/{namespace}/serviceaccounts/{name}/token}: TokenRequest, for authenticated and
 * authorized callers only.
 * <ol>
 *   <li>Authentication, in kube-apiserver's order: a verified TLS client certificate (CN user, O groups), else an
 *       {@code Authorization: Bearer} token that the {@link TokenVerifier} accepts for the server's audiences.
 *       Neither: 401 with the API server's {@code Unauthorized} Status. A bad bearer token is a 401 too, never a
 *       fall-through to anonymous.</li>
 *   <li>Authorization and issuance by {@link TokenRequestResponder}: 403 when no rule allows the caller, otherwise
 *       201 with the token, or the API server's Status for the failure (404 for a missing service account or bound
 *       object, 409 for a uid mismatch, 422 for an invalid expiration).</li>
 * </ol>
 * Every issued token is logged with its credential id ({@code JTI=...}), the service account and the caller: the
 * audit trail kube-apiserver keeps in its audit log.
 *
 * <p>Runs on a worker thread (signing and bearer verification are CPU work). Thread-safe.
 */
public final class TokenRequestEndpoint implements PathEndpoint {

    public static final String PATH = "/api/v1/namespaces/{namespace}/serviceaccounts/{name}/token";

    private static final Logger LOG = LoggerFactory.getLogger(TokenRequestEndpoint.class);

    private final TokenRequestResponder responder;
    private final TokenVerifier verifier;

    public TokenRequestEndpoint(TokenRequestResponder responder, TokenVerifier verifier) {
        this.responder = Objects.requireNonNull(responder, "responder");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    @Override
    public Future<Reply> handle(HttpServerRequest request, Map<String, String> variables, Buffer body) {
        // Read what belongs to the connection here, on its event loop; the rest happens on a worker.
        Optional<Caller> byCertificate = ClientCertificates.caller(request.connection());
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        String namespace = variables.get("namespace");
        String name = variables.get("name");
        byte[] bytes = body.getBytes();
        return Vertx.currentContext().executeBlocking(() -> {
            Optional<Caller> caller = byCertificate.isPresent() ? byCertificate : byBearerToken(authorization);
            if (caller.isEmpty()) {
                return Replies.unauthorized();
            }
            JsonResponse response = responder.respond(caller.get(), namespace, name, bytes);
            if (response.status() == 201) {
                LOG.info("issued token {} for service account {}/{} to {}",
                        response.auditAnnotations().get(TokenIssuer.ISSUED_CREDENTIAL_ID_ANNOTATION), namespace, name,
                        caller.get().username());
            }
            return Replies.from(response, Replies.outcome(response.status()));
        }, false);
    }

    /** The bearer token's user, when the header carries one this server issued and it is still valid. */
    private Optional<Caller> byBearerToken(String header) {
        String token = bearerToken(header);
        if (token == null) {
            return Optional.empty();
        }
        if (verifier.verify(token) instanceof VerificationResult.Authenticated authenticated) {
            return Optional.of(new Caller(authenticated.identity().username(), authenticated.identity().groups()));
        }
        return Optional.empty();
    }

    /** The token of {@code Authorization: Bearer <token>} (scheme case-insensitive, as upstream); null otherwise. */
    static String bearerToken(String header) {
        if (header == null) {
            return null;
        }
        String value = header.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("bearer")) {
            return null;
        }
        String token = value.substring(space + 1).strip();
        return token.isEmpty() || token.indexOf(' ') >= 0 ? null : token;
    }
}
