package dev.gatehouse.server.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * fabric8's mock API server in CRUD mode, for tests that run informers, with a shutdown that cannot fail the test.
 *
 * <p>Not {@code @EnableKubernetesMockClient}: its extension stops the server before it closes the client, and it
 * rethrows when the server does not stop in time. fabric8 8.0's Vert.x 5 mock server waits for every connection it
 * holds to close within a fixed 10 s budget, and it does not notice when a watch WebSocket goes (its connection
 * listener still counts one open after {@code ss} shows no TCP connection left). On a loaded CI machine that budget
 * ran out now and then, and a test whose every check held failed in teardown. Here the client closes first, and a
 * timed-out stop is logged, not rethrown: it is a fault of the mock server, not of what the test checks. fabric8's
 * maintainers treat the same timeout the same way in their own suites.
 */
public final class MockApiServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MockApiServer.class.getName());

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private MockApiServer() {
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), true);
        server.init();
        client = server.createClient();
    }

    /** Starts a fresh server with an empty store, and a client for it. */
    public static MockApiServer start() {
        return new MockApiServer();
    }

    public KubernetesClient client() {
        return client;
    }

    /** Close informers and watches before this; it closes the client, then stops the server. */
    @Override
    public void close() {
        client.close();
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            LOG.log(Level.WARNING, "fabric8's mock API server did not stop within its 10 s budget; carrying on", e);
        }
    }
}
