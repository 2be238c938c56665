package dev.gatehouse.server.authn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.tokens.KeyGenerator;
import dev.gatehouse.auth.tokens.KeySet;
import dev.gatehouse.auth.tokens.ServiceAccountKey;
import dev.gatehouse.auth.tokens.SigningAlgorithm;
import dev.gatehouse.auth.tokens.StaticTokenObjects;
import dev.gatehouse.auth.tokens.TokenIssuer;
import dev.gatehouse.auth.tokens.TokenRequestAuthorization;
import dev.gatehouse.auth.tokens.TokenVerifier;
import dev.gatehouse.server.GatehouseServer;
import dev.gatehouse.server.testing.ClientPki;
import dev.gatehouse.server.testing.FakeEngine;
import dev.gatehouse.server.testing.TestPki;
import dev.gatehouse.server.tls.SelfSignedCertificates;
import dev.gatehouse.server.tls.TlsSource;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A serving certificate reload replaces the whole TLS configuration: client certificates must still be asked for. */
class ClientCertificateReloadTest {

    @TempDir
    Path dir;

    @Test
    void afterServingCertificateReload_clientCertificatesStillAuthenticate() throws Exception {
        SelfSignedCertificates.Bundle first = TestPki.ecBundle();
        SelfSignedCertificates.Bundle second = TestPki.ecBundle();
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        Files.writeString(cert, first.serving().chainPem());
        Files.writeString(key, first.serving().keyPem());
        ClientPki clients = ClientPki.create("client-ca");
        KeyPair pair = KeyGenerator.generate(SigningAlgorithm.ES256);
        KeySet keys = KeySet.of(List.of(ServiceAccountKey.ofPair(pair.getPublic(), pair.getPrivate(), "test")));
        StaticTokenObjects objects = StaticTokenObjects.of(List.of(new ServiceAccountBuilder().withNewMetadata()
                .withNamespace("ci").withName("builder").withUid("sa-uid").endMetadata().build()));
        String issuerUrl = "https://issuer.gatehouse.test";
        GatehouseServer server = GatehouseServer.builder()
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .tls(TlsSource.pemFiles(cert, key))
                .engine(new FakeEngine())
                .eventLoops(1)
                .certificateCheckInterval(Duration.ofMillis(50))
                .tokens(TokenSettings.builder(TokenVerifier.builder(keys, List.of(issuerUrl)).objects(objects).build())
                        .issuer(TokenIssuer.builder(keys, issuerUrl).objects(objects).build())
                        .authorization(new TokenRequestAuthorization(List.of(new TokenRequestAuthorization.Rule(
                                List.of("alice"), List.of(), List.of("ci"), List.of("builder")))))
                        .clientCertificateAuthorities(List.of(clients.ca()))
                        .build())
                .build();
        server.start().get(10, TimeUnit.SECONDS);
        try {
            assertThat(requestToken(clients.clientContext(first.ca(), "alice"), server.port()).statusCode()).isEqualTo(201);

            TestPki.writeAtomically(cert, second.serving().chainPem());
            TestPki.writeAtomically(key, second.serving().keyPem());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!server.servingCertificate().leaf().equals(second.serving().leaf()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

            HttpResponse<String> after = requestToken(clients.clientContext(second.ca(), "alice"), server.port());
            Certificate served = after.sslSession().orElseThrow().getPeerCertificates()[0];
            assertThat(served).isEqualTo(second.serving().leaf());
            assertThat(after.statusCode()).as(after.body()).isEqualTo(201);
        } finally {
            server.stop().get(30, TimeUnit.SECONDS);
        }
    }

    private static HttpResponse<String> requestToken(SSLContext context, int port) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port
                        + "/api/v1/namespaces/ci/serviceaccounts/builder/token"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
