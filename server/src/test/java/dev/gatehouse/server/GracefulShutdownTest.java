package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.policy.review.Decision;
import dev.gatehouse.server.testing.Reviews;
import dev.gatehouse.server.testing.TestPki;
import dev.gatehouse.server.tls.SelfSignedCertificates;
import dev.gatehouse.server.tls.TlsSource;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

class GracefulShutdownTest {

    @Test
    void stop_letsInFlightRequestsFinish() throws Exception {
        SelfSignedCertificates.Bundle pki = TestPki.ecBundle();
        CountDownLatch evaluating = new CountDownLatch(1);
        GatehouseServer server = GatehouseServer.builder()
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .tls(TlsSource.fixed(pki.serving()))
                .engine(review -> {
                    evaluating.countDown();
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Decision.allow();
                })
                .eventLoops(1)
                .shutdownTimeout(Duration.ofSeconds(10))
                .build();
        server.start().get(10, TimeUnit.SECONDS);
        HttpClient client = HttpClient.newBuilder().sslContext(TestPki.trusting(pki.ca())).build();

        CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/v1/admit"))
                        .POST(HttpRequest.BodyPublishers.ofString(Reviews.pod("admission.k8s.io/v1", "u", "web"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(evaluating.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> stopped = server.stop();

        HttpResponse<String> response = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"allowed\":true");
        stopped.get(15, TimeUnit.SECONDS);
    }

    @Test
    void chunkedBodyOverTheLimit_isRefusedWithoutReadingItAll() throws Exception {
        SelfSignedCertificates.Bundle pki = TestPki.ecBundle();
        GatehouseServer server = GatehouseServer.builder()
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .tls(TlsSource.fixed(pki.serving()))
                .engine(review -> Decision.allow())
                .eventLoops(1)
                .maxBodyBytes(64 * 1024)
                .build();
        server.start().get(10, TimeUnit.SECONDS);
        try {
            // Chunked, no Content-Length: the limit is enforced while reading. The client sends one chunk past the
            // limit and then waits; the server must answer without waiting for the rest.
            try (SSLSocket socket = (SSLSocket) TestPki.trusting(pki.ca()).getSocketFactory()
                    .createSocket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/admit HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                int size = 70 * 1024;
                out.write((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[size]);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(answer).startsWith("HTTP/1.1 400").contains("request body is larger than 65536 bytes");
            }
            HttpClient client = HttpClient.newBuilder().sslContext(TestPki.trusting(pki.ca())).build();
            // The server is unharmed.
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + server.port() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        } finally {
            server.stop().get(15, TimeUnit.SECONDS);
        }
    }
}
