package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.policy.review.Decision;
import dev.gatehouse.policy.review.Engine;
import dev.gatehouse.server.testing.Reviews;
import dev.gatehouse.server.testing.TestPki;
import dev.gatehouse.server.tls.SelfSignedCertificates;
import dev.gatehouse.server.tls.TlsSource;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificate rotation on disk while requests are in flight. */
class CertificateReloadTest {

    @TempDir
    Path dir;

    @Test
    void rewrittenPems_areServedToNewConnections_withoutFailingInFlightRequests() throws Exception {
        SelfSignedCertificates.Bundle first = TestPki.rsaSelfSigned();
        SelfSignedCertificates.Bundle second = TestPki.ecBundle();
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        Files.writeString(cert, first.serving().chainPem());
        Files.writeString(key, TestPki.traditionalKeyPem(first.serving())); // PKCS#1 first, PKCS#8 after rotation

        // Slow enough that requests are always in flight while the certificate is swapped.
        Engine slow = review -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Decision.allow();
        };
        GatehouseServer server = GatehouseServer.builder()
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .tls(TlsSource.pemFiles(cert, key))
                .engine(slow)
                .eventLoops(2)
                .certificateCheckInterval(Duration.ofMillis(100))
                .build();
        server.start().get(10, TimeUnit.SECONDS);
        SSLContext trustBoth = TestPki.trusting(first.ca(), second.ca());
        ExecutorService load = Executors.newFixedThreadPool(4);
        try {
            assertThat(peerCertificate(newClient(trustBoth), server.port())).isEqualTo(first.serving().leaf());

            // Keep-alive clients post continuously across the rotation.
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger succeeded = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                HttpClient keepAlive = newClient(trustBoth);
                int worker = i;
                workers.add(load.submit(() -> {
                    int n = 0;
                    while (running.get()) {
                        try {
                            HttpResponse<String> response = keepAlive.send(post(server.port(),
                                    Reviews.pod("admission.k8s.io/v1", "w" + worker + "-" + n++, "allowed-pod")),
                                    HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() == 200 && response.body().contains("\"allowed\":true")) {
                                succeeded.incrementAndGet();
                            } else {
                                failures.add(response.statusCode() + " " + response.body());
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                }));
            }
            Thread.sleep(300);
            TestPki.writeAtomically(cert, second.serving().chainPem());
            TestPki.writeAtomically(key, second.serving().keyPem());

            X509Certificate seen = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                seen = peerCertificate(newClient(trustBoth), server.port());
                if (seen.equals(second.serving().leaf())) {
                    break;
                }
                Thread.sleep(50);
            }
            Thread.sleep(300);
            running.set(false);
            for (Future<?> worker : workers) {
                worker.get(10, TimeUnit.SECONDS);
            }

            assertThat(seen).isEqualTo(second.serving().leaf());
            assertThat(server.servingCertificate().leaf()).isEqualTo(second.serving().leaf());
            assertThat(failures).isEmpty();
            assertThat(succeeded.get()).isGreaterThan(20);
        } finally {
            load.shutdownNow();
            server.stop().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void unusableRewrite_keepsServingTheLastGoodCertificate() throws Exception {
        SelfSignedCertificates.Bundle first = TestPki.ecBundle();
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        Files.writeString(cert, first.serving().chainPem());
        Files.writeString(key, first.serving().keyPem());
        GatehouseServer server = GatehouseServer.builder()
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .tls(TlsSource.pemFiles(cert, key))
                .engine(review -> Decision.allow())
                .eventLoops(1)
                .certificateCheckInterval(Duration.ofMillis(50))
                .build();
        server.start().get(10, TimeUnit.SECONDS);
        try {
            // A key that belongs to another certificate: a rotation caught half-way.
            TestPki.writeAtomically(key, TestPki.ecBundle().serving().keyPem());
            Thread.sleep(400);

            assertThat(peerCertificate(newClient(TestPki.trusting(first.ca())), server.port()))
                    .isEqualTo(first.serving().leaf());
        } finally {
            server.stop().get(30, TimeUnit.SECONDS);
        }
    }

    private static HttpClient newClient(SSLContext trust) {
        return HttpClient.newBuilder().sslContext(trust).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static X509Certificate peerCertificate(HttpClient client, int port) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/healthz"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        client.close();
        return (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
    }

    private static HttpRequest post(int port, String body) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/v1/admit"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
