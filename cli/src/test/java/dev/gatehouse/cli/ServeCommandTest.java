package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.policy.review.ClusterState;
import dev.gatehouse.policy.review.Decision;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class ServeCommandTest {

    private static final ClusterState EMPTY_STATE = new ClusterState() {
        @Override
        public Optional<Namespace> namespace(String name) {
            return Optional.empty();
        }

        @Override
        public List<Pod> pods(String namespace) {
            return List.of();
        }
    };

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CommandLine commandLine(ServeCommand command) {
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler(new ErrorHandler());
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        return cli;
    }

    private ServeCommand wired(AtomicReference<Path> loadedFrom) {
        return new ServeCommand(directory -> {
            loadedFrom.set(directory);
            return EMPTY_STATE;
        }, (config, state, metrics) -> review -> Decision.allow());
    }

    @Test
    void help_showsOptionsAndExamples() {
        int code = commandLine(new ServeCommand()).execute("--help");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("--listen=HOST:PORT", "--tls-cert=FILE", "--self-signed", "--state=DIR",
                "--config=FILE", "Examples:", "gatehouse serve --tls-cert /tls/tls.crt");
    }

    @Test
    void selfSigned_withState_servesHttpsTrustedByTheWrittenCa() throws Exception {
        AtomicReference<Path> loadedFrom = new AtomicReference<>();
        Path stateDir = Files.createDirectory(dir.resolve("state"));
        Path ca = dir.resolve("ca.crt");
        ServeCommand command = wired(loadedFrom);

        int code = commandLine(command).execute("--listen", "127.0.0.1:0", "--self-signed", "--self-signed-ca-out",
                ca.toString(), "--state", stateDir.toString(), "--event-loops", "1");
        try {
            assertThat(code).as(err.toString()).isZero();
            assertThat(loadedFrom.get()).isEqualTo(stateDir);
            assertThat(out.toString()).contains("self-signed CA certificate written to " + ca)
                    .contains("gatehouse: serving https://127.0.0.1:" + command.port());
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(ca)).build();
            HttpResponse<String> ready = client.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + command.port() + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
        } finally {
            command.stop();
        }
    }

    static Stream<Arguments> unusableInvocations() {
        return Stream.of(
                Arguments.of("no certificate at all", List.of(), "a certificate is required"),
                Arguments.of("a certificate without its key", List.of("--tls-cert", "x.crt"),
                        "--tls-cert and --tls-key must be given together"),
                Arguments.of("both files and self-signed", List.of("--tls-cert", "x.crt", "--tls-key", "x.key", "--self-signed"),
                        "--self-signed cannot be combined"),
                Arguments.of("a listen address without a port", List.of("--self-signed", "--listen", "localhost"),
                        "--listen must be HOST:PORT"),
                Arguments.of("a missing certificate file", List.of("--tls-cert", "missing.crt", "--tls-key", "missing.key",
                        "--listen", "127.0.0.1:0"), "TLS certificate file missing.crt does not exist"),
                Arguments.of("a missing configuration file", List.of("--self-signed", "--config", "nope.yaml"),
                        "PodSecurityConfiguration file nope.yaml does not exist"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unusableInvocations")
    void unusableInvocation_exits2WithAMessage(String description, List<String> args, String message) {
        ServeCommand command = wired(new AtomicReference<>());
        List<String> all = new java.util.ArrayList<>(args);
        all.addAll(List.of("--state", dir.toString()));

        int code = commandLine(command).execute(all.toArray(String[]::new));

        assertThat(code).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(err.toString()).contains(message).doesNotContain("\tat ");
    }

    private static SSLContext trusting(Path caFile) throws Exception {
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(caFile)));
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("ca", ca);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
