package dev.gatehouse.server;

import dev.gatehouse.auth.tokens.IssuerDiscovery;
import dev.gatehouse.auth.tokens.TokenRequestResponder;
import dev.gatehouse.auth.tokens.TokenReviewResponder;
import dev.gatehouse.auth.tokens.TokenVerifier;
import dev.gatehouse.policy.review.Engine;
import dev.gatehouse.server.admission.AdmissionEndpoint;
import dev.gatehouse.server.admission.AdmissionReviewCodec;
import dev.gatehouse.server.authn.DiscoveryEndpoint;
import dev.gatehouse.server.authn.TokenRequestEndpoint;
import dev.gatehouse.server.authn.TokenReviewEndpoint;
import dev.gatehouse.server.authn.TokenSettings;
import dev.gatehouse.server.http.Route;
import dev.gatehouse.server.http.Router;
import dev.gatehouse.server.metrics.MetricsEndpoint;
import dev.gatehouse.server.metrics.PrometheusTokenMetrics;
import dev.gatehouse.server.metrics.RequestMetrics;
import dev.gatehouse.server.tls.CertificateFileWatcher;
import dev.gatehouse.server.tls.ServingCertificate;
import dev.gatehouse.server.tls.TlsConfigurationException;
import dev.gatehouse.server.tls.TlsSource;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.net.InetSocketAddress;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Gatehouse HTTPS server: admission ({@code POST /v1/admit}), a no-op admission baseline
 * ({@code POST /v1/noop}), health ({@code /healthz}, {@code /readyz}) and Prometheus metrics ({@code /metrics});
 * with {@link Builder#tokens(TokenSettings) token settings} also the TokenReview webhook
 * ({@code POST /v1/authenticate}), issuer discovery and TokenRequest (see {@link TokenSettings}).
 *
 * <p>HTTPS only, TLS 1.2 and 1.3. A certificate from PEM files is re-read when the files change (polled by
 * content, see {@link CertificateFileWatcher}) and swapped into the running listeners: open connections keep their
 * session, new handshakes get the new certificate, nothing is dropped. The listener runs on several event loops
 * (one per core by default) sharing one port.
 *
 * <pre>{@code
 * GatehouseServer server = GatehouseServer.builder()
 *         .listen(new InetSocketAddress("0.0.0.0", 8443))
 *         .tls(TlsSource.pemFiles(Path.of("/tls/tls.crt"), Path.of("/tls/tls.key")))
 *         .engine(engine)
 *         .readiness(clusterState::hasSynced)
 *         .build();
 * server.start().join();   // fails with TlsConfigurationException naming the file on a bad PEM
 * ...
 * server.stop().join();    // finishes in-flight requests, up to the shutdown timeout
 * }</pre>
 *
 * <p>Thread-safe. A server starts once; after {@link #stop()} build a new one.
 */
public final class GatehouseServer {

    private static final Logger LOG = LoggerFactory.getLogger(GatehouseServer.class);

    /** The route paths, in one place so that new extension points (TokenReview, discovery) are added here. */
    public static final String ADMIT_PATH = "/v1/admit";
    public static final String NOOP_PATH = "/v1/noop";
    public static final String HEALTHZ_PATH = "/healthz";
    public static final String READYZ_PATH = "/readyz";
    public static final String METRICS_PATH = "/metrics";
    public static final String AUTHENTICATE_PATH = "/v1/authenticate";
    public static final String TOKEN_REQUEST_PATH = TokenRequestEndpoint.PATH;

    private final InetSocketAddress listen;
    private final TlsSource tls;
    private final Engine engine;
    private final BooleanSupplier readiness;
    private final PrometheusRegistry registry;
    private final Clock clock;
    private final int instances;
    private final Duration certificateCheckInterval;
    private final Duration shutdownTimeout;
    private final boolean evaluateOnEventLoop;
    private final int maxBodyBytes;
    private final Vertx suppliedVertx;
    private final TokenSettings tokens;

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<HttpServer> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<ServingCertificate> serving = new AtomicReference<>();
    private volatile Vertx vertx;
    private volatile String deploymentId;
    private volatile long reloadTimer = -1;
    private Counter reloads;

    private GatehouseServer(Builder b) {
        this.listen = b.listen;
        this.tls = Objects.requireNonNull(b.tls, "A TLS source is required: the server speaks HTTPS only.");
        this.engine = Objects.requireNonNull(b.engine, "An engine is required.");
        this.readiness = b.readiness;
        this.registry = b.registry;
        this.clock = b.clock;
        this.instances = b.instances;
        this.certificateCheckInterval = b.certificateCheckInterval;
        this.shutdownTimeout = b.shutdownTimeout;
        this.evaluateOnEventLoop = b.evaluateOnEventLoop;
        this.maxBodyBytes = b.maxBodyBytes;
        this.suppliedVertx = b.vertx;
        this.tokens = b.tokens;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Loads the certificate, binds the port and starts serving. The future fails with a
     * {@link TlsConfigurationException} naming the file when a PEM is missing or unusable, or with the bind error.
     */
    public CompletableFuture<GatehouseServer> start() {
        if (!started.compareAndSet(false, true)) {
            return CompletableFuture.failedFuture(new IllegalStateException("The server was already started."));
        }
        CertificateFileWatcher watcher;
        try {
            watcher = switch (tls) {
                case TlsSource.PemFileSource files -> CertificateFileWatcher.open(files);
                case TlsSource.FixedSource fixed -> null;
            };
            serving.set(watcher != null ? watcher.initial() : ((TlsSource.FixedSource) tls).certificate());
        } catch (TlsConfigurationException e) {
            return CompletableFuture.failedFuture(e);
        }
        warnIfExpired(serving.get());
        vertx = suppliedVertx != null ? suppliedVertx : Vertx.vertx();
        registerServerMetrics();
        Router router = new Router(routes(), new RequestMetrics(registry), maxBodyBytes);
        HttpServerOptions options = new HttpServerOptions()
                .setHost(listen.getHostString())
                .setPort(listen.getPort())
                .setSsl(true)
                .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"))
                .setKeyCertOptions(keyCert(serving.get()))
                .setClientAuth(clientAuth())
                .setTrustOptions(clientTrust())
                .setTcpNoDelay(true)
                // Connections idle this long are closed; the API server reopens as needed.
                .setIdleTimeout(120)
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
        CompletableFuture<GatehouseServer> result = new CompletableFuture<>();
        vertx.deployVerticle(() -> new Listener(options, router), new DeploymentOptions().setInstances(instances))
                .onSuccess(id -> {
                    deploymentId = id;
                    if (watcher != null) {
                        watchCertificate(watcher);
                    }
                    LOG.info("gatehouse listening on https://{}:{} (event loops: {})", listen.getHostString(), port(),
                            instances);
                    result.complete(this);
                })
                .onFailure(error -> CompletableFuture.runAsync(() -> closeOwnedVertx().toCompletionStage()
                        .whenComplete((ok, closeError) -> result.completeExceptionally(error))));
        return result;
    }

    /**
     * Stops taking connections, lets in-flight requests finish (up to the shutdown timeout), then releases the
     * event loops if this server created them. {@code /readyz} answers 503 from the moment this is called.
     */
    public CompletableFuture<Void> stop() {
        if (!stopping.compareAndSet(false, true) || vertx == null) {
            return CompletableFuture.completedFuture(null);
        }
        if (reloadTimer >= 0) {
            vertx.cancelTimer(reloadTimer);
        }
        Future<Void> undeploy = deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId);
        // Vert.x runs callbacks on its event loops, which closing it stops: continue on a plain thread instead.
        return undeploy.toCompletionStage().toCompletableFuture()
                .exceptionally(error -> {
                    LOG.warn("listeners did not shut down cleanly: {}", error.toString());
                    return null;
                })
                .thenComposeAsync(ignored -> closeOwnedVertx().toCompletionStage())
                .thenRun(() -> LOG.info("gatehouse stopped"));
    }

    /** Stops the server gracefully when the JVM is asked to exit (SIGTERM from the kubelet, Ctrl-C). */
    public GatehouseServer stopOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop().get(shutdownTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.warn("graceful shutdown did not finish: {}", e.toString());
            }
        }, "gatehouse-shutdown"));
        return this;
    }

    /** The bound port (useful when listening on port 0). */
    public int port() {
        if (listeners.isEmpty()) {
            throw new IllegalStateException("The server is not listening.");
        }
        return listeners.get(0).actualPort();
    }

    /** The certificate new handshakes are answered with. */
    public ServingCertificate servingCertificate() {
        return serving.get();
    }

    /** The route table; every extension point is one line here. */
    private List<Route> routes() {
        AdmissionReviewCodec codec = new AdmissionReviewCodec();
        List<Route> routes = new ArrayList<>();
        routes.add(Route.post(ADMIT_PATH, "admit", new AdmissionEndpoint(codec, engine, evaluateOnEventLoop)));
        routes.add(Route.post(NOOP_PATH, "noop", AdmissionEndpoint.noop(codec)));
        routes.add(Route.get(HEALTHZ_PATH, "healthz", HealthEndpoints.liveness()));
        routes.add(Route.get(READYZ_PATH, "readyz", HealthEndpoints.readiness(readiness, stopping::get)));
        routes.add(Route.get(METRICS_PATH, "metrics", new MetricsEndpoint(registry)));
        if (tokens != null) {
            TokenVerifier verifier = tokens.verifier();
            PrometheusTokenMetrics tokenMetrics = new PrometheusTokenMetrics(registry, verifier);
            routes.add(Route.post(AUTHENTICATE_PATH, "authenticate",
                    new TokenReviewEndpoint(new TokenReviewResponder(verifier, tokenMetrics))));
            tokens.discovery().ifPresent(discovery -> {
                routes.add(Route.get(IssuerDiscovery.OPENID_CONFIGURATION_PATH, "openid_configuration",
                        new DiscoveryEndpoint(discovery.openIdConfiguration())));
                routes.add(Route.get(IssuerDiscovery.JWKS_PATH, "jwks", new DiscoveryEndpoint(discovery.jwks())));
            });
            tokens.issuer().ifPresent(issuer -> routes.add(Route.template(HttpMethod.POST, TOKEN_REQUEST_PATH,
                    "token_request", new TokenRequestEndpoint(
                            new TokenRequestResponder(issuer, tokens.authorization()), verifier))));
        }
        return routes;
    }

    /** Client certificates are asked for (never required) only when there are CAs to check them against. */
    private ClientAuth clientAuth() {
        return tokens == null || tokens.clientCertificateAuthorities().isEmpty() ? ClientAuth.NONE : ClientAuth.REQUEST;
    }

    private PemTrustOptions clientTrust() {
        if (tokens == null || tokens.clientCertificateAuthorities().isEmpty()) {
            return null;
        }
        PemTrustOptions trust = new PemTrustOptions();
        for (X509Certificate ca : tokens.clientCertificateAuthorities()) {
            try {
                trust.addCertValue(Buffer.buffer("-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(ca.getEncoded())
                        + "\n-----END CERTIFICATE-----\n"));
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("client CA " + ca.getSubjectX500Principal() + " cannot be encoded", e);
            }
        }
        return trust;
    }

    private void registerServerMetrics() {
        reloads = Counter.builder()
                .name("gatehouse_tls_certificate_reloads_total")
                .help("Serving certificate reloads from disk, by result (success, error).")
                .labelNames("result")
                .register(registry);
        GaugeWithCallback.builder()
                .name("gatehouse_tls_certificate_expiry_timestamp_seconds")
                .help("When the serving certificate in use expires (Unix time).")
                .callback(cb -> cb.call(serving.get().leaf().getNotAfter().getTime() / 1000.0))
                .register(registry);
    }

    private void watchCertificate(CertificateFileWatcher watcher) {
        reloadTimer = vertx.setPeriodic(certificateCheckInterval.toMillis(), id ->
                vertx.executeBlocking(watcher::poll, false).onComplete(polled -> {
                    if (polled.failed()) {
                        reloads.labelValues("error").inc();
                        LOG.warn("TLS certificate changed on disk but cannot be used yet, keeping the current one: {}",
                                polled.cause().getMessage());
                        return;
                    }
                    polled.result().ifPresent(this::swapCertificate);
                }));
    }

    private void swapCertificate(ServingCertificate next) {
        // The whole SSL configuration is replaced: keep asking for client certificates.
        ServerSSLOptions ssl = new ServerSSLOptions()
                .setKeyCertOptions(keyCert(next))
                .setClientAuth(clientAuth())
                .setTrustOptions(clientTrust())
                .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"));
        List<Future<Boolean>> updates = new ArrayList<>();
        for (HttpServer listener : listeners) {
            // force: the options compare equal by file path, but here the content changed.
            updates.add(listener.updateSSLOptions(ssl, true));
        }
        Future.all(updates).onComplete(done -> {
            if (done.succeeded()) {
                serving.set(next);
                reloads.labelValues("success").inc();
                warnIfExpired(next);
                LOG.info("TLS certificate reloaded: {} valid until {}", next.leaf().getSubjectX500Principal(),
                        next.leaf().getNotAfter().toInstant());
            } else {
                reloads.labelValues("error").inc();
                LOG.error("TLS certificate reload failed, keeping the current one", done.cause());
            }
        });
    }

    private void warnIfExpired(ServingCertificate certificate) {
        if (certificate.leaf().getNotAfter().toInstant().isBefore(clock.instant())) {
            LOG.warn("the serving certificate {} expired at {}: clients will reject it",
                    certificate.leaf().getSubjectX500Principal(), certificate.leaf().getNotAfter().toInstant());
        }
    }

    private Future<Void> closeOwnedVertx() {
        return suppliedVertx == null && vertx != null ? vertx.close() : Future.succeededFuture();
    }

    private static PemKeyCertOptions keyCert(ServingCertificate certificate) {
        return new PemKeyCertOptions()
                .setKeyValue(Buffer.buffer(certificate.keyPem()))
                .setCertValue(Buffer.buffer(certificate.chainPem()));
    }

    /** One event loop's listener; Vert.x shares the port among instances. */
    private final class Listener extends VerticleBase {
        private final HttpServerOptions options;
        private final Router router;
        private HttpServer server;

        Listener(HttpServerOptions options, Router router) {
            this.options = options;
            this.router = router;
        }

        @Override
        public Future<?> start() {
            server = vertx.createHttpServer(options).requestHandler(router);
            return server.listen().onSuccess(listeners::add);
        }

        @Override
        public Future<?> stop() {
            listeners.remove(server);
            Promise<Void> closed = Promise.promise();
            server.shutdown(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS).onComplete(closed);
            return closed.future();
        }
    }

    /** Configures a {@link GatehouseServer}. Not thread-safe; build once. */
    public static final class Builder {
        private InetSocketAddress listen = new InetSocketAddress("0.0.0.0", 8443);
        private TlsSource tls;
        private Engine engine;
        private BooleanSupplier readiness = () -> true;
        private PrometheusRegistry registry = new PrometheusRegistry();
        private Clock clock = Clock.systemUTC();
        private int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        private Duration certificateCheckInterval = Duration.ofSeconds(10);
        private Duration shutdownTimeout = Duration.ofSeconds(20);
        private boolean evaluateOnEventLoop;
        private int maxBodyBytes = AdmissionReviewCodec.DEFAULT_MAX_BODY_BYTES;
        private Vertx vertx;
        private TokenSettings tokens;

        private Builder() {}

        /** Address and port to bind; port 0 picks a free port (see {@link GatehouseServer#port()}). */
        public Builder listen(InetSocketAddress address) {
            this.listen = Objects.requireNonNull(address, "address");
            return this;
        }

        public Builder tls(TlsSource source) {
            this.tls = Objects.requireNonNull(source, "source");
            return this;
        }

        public Builder engine(Engine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        /** Whether the server may take traffic, typically "cluster caches synced". Default: always ready. */
        public Builder readiness(BooleanSupplier readiness) {
            this.readiness = Objects.requireNonNull(readiness, "readiness");
            return this;
        }

        /** Where request and TLS metrics are registered and what {@code /metrics} exposes. */
        public Builder metricsRegistry(PrometheusRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Wall clock for certificate validity checks. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Event loops serving the port; default one per available processor. */
        public Builder eventLoops(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("At least one event loop is needed, got " + count + ".");
            }
            this.instances = count;
            return this;
        }

        /** How often PEM files are checked for a new certificate; default 10 s. */
        public Builder certificateCheckInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("The certificate check interval must be positive, got " + interval + ".");
            }
            this.certificateCheckInterval = interval;
            return this;
        }

        /** How long {@link GatehouseServer#stop()} waits for in-flight requests; default 20 s. */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Run the engine on the event loop instead of a worker thread: saves a thread hop per request, but only
         * for engines that never block and answer in microseconds. Default false.
         */
        public Builder evaluateOnEventLoop(boolean onEventLoop) {
            this.evaluateOnEventLoop = onEventLoop;
            return this;
        }

        /** Largest accepted request body; default 3 MiB, as the API server sends no more. */
        public Builder maxBodyBytes(int bytes) {
            this.maxBodyBytes = bytes;
            return this;
        }

        /**
         * Also serve bound service account tokens: the TokenReview webhook, and discovery and TokenRequest when the
         * settings include them. Default: none of these routes.
         */
        public Builder tokens(TokenSettings settings) {
            this.tokens = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Serve on an existing Vert.x instance (it is not closed on stop). Default: the server creates its own. */
        public Builder vertx(Vertx vertx) {
            this.vertx = Objects.requireNonNull(vertx, "vertx");
            return this;
        }

        public GatehouseServer build() {
            return new GatehouseServer(this);
        }
    }

}
