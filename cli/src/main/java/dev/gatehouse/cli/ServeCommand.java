package dev.gatehouse.cli;

import dev.gatehouse.policy.cluster.StaticClusterState;
import dev.gatehouse.policy.constraint.ConstraintLoader;
import dev.gatehouse.policy.constraint.LoadError;
import dev.gatehouse.policy.constraint.LoadedConstraints;
import dev.gatehouse.policy.constraint.TemplateParser;
import dev.gatehouse.policy.constraint.driver.cel.CelDriver;
import dev.gatehouse.policy.constraint.driver.rego.RegoDriver;
import dev.gatehouse.policy.constraint.engine.ConstraintEngine;
import dev.gatehouse.policy.constraint.engine.EnginePreference;
import dev.gatehouse.policy.document.Manifest;
import dev.gatehouse.policy.document.ManifestReader;
import dev.gatehouse.policy.document.ManifestSet;
import dev.gatehouse.policy.review.CompositeEngine;
import dev.gatehouse.policy.podsecurity.DefaultPodSecurityEvaluator;
import dev.gatehouse.policy.podsecurity.admission.PodSecurityAdmission;
import dev.gatehouse.policy.podsecurity.admission.PodSecurityMetrics;
import dev.gatehouse.policy.podsecurity.config.ConfigurationException;
import dev.gatehouse.policy.podsecurity.config.PodSecurityConfiguration;
import dev.gatehouse.policy.podsecurity.config.PodSecurityConfigurationLoader;
import java.time.Clock;

import dev.gatehouse.policy.review.ClusterState;
import dev.gatehouse.policy.review.Engine;
import dev.gatehouse.auth.tokens.IssuerDiscovery;
import dev.gatehouse.auth.tokens.KeyException;
import dev.gatehouse.auth.tokens.KeySet;
import dev.gatehouse.auth.tokens.StaticTokenObjects;
import dev.gatehouse.auth.tokens.TokenIssuer;
import dev.gatehouse.auth.tokens.TokenObjects;
import dev.gatehouse.auth.tokens.TokenRequestAuthorization;
import dev.gatehouse.auth.tokens.TokenVerifier;
import dev.gatehouse.server.GatehouseServer;
import dev.gatehouse.server.authn.TokenSettings;
import dev.gatehouse.server.cluster.InformerTokenObjects;
import dev.gatehouse.server.tls.PemFiles;
import dev.gatehouse.server.tls.TlsConfigurationException;
import dev.gatehouse.server.cluster.InformerClusterState;
import dev.gatehouse.server.metrics.PrometheusConstraintMetrics;
import dev.gatehouse.server.metrics.PrometheusPodSecurityMetrics;
import dev.gatehouse.server.tls.SelfSignedCertificates;
import dev.gatehouse.server.tls.TlsSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse serve}: the HTTPS admission webhook. Builds the cluster state (informers, or manifests with
 * {@code --state}), the engine, the TLS source, starts a {@link GatehouseServer} and leaves it running; SIGTERM
 * stops it gracefully.
 *
 * <p>How a state directory is read and how the engine is built can be replaced for tests
 * ({@link #ServeCommand(StaticStateLoader, EngineFactory)}).
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run the HTTPS admission webhook: POST /v1/admit (Pod Security, plus Gatekeeper constraints with "
                    + "--policies), POST /v1/noop "
                    + "(load-test baseline), GET /healthz, GET /readyz (200 once cluster caches have synced), "
                    + "GET /metrics (Prometheus).",
            "",
            "Cluster state comes from namespace and pod informers (in-cluster service account, or the kubeconfig "
                    + "named by KUBECONFIG / ~/.kube/config), or from manifest files with --state. The certificate "
                    + "comes from PEM files (reloaded when they change on disk) or is generated with --self-signed.",
            "",
            "With --token-keys and --issuer it also serves bound service account tokens: POST /v1/authenticate "
                    + "(the kube-apiserver TokenReview webhook, v1 and v1beta1), issuer discovery "
                    + "(GET /.well-known/openid-configuration, GET /openid/v1/jwks) and, when the keys include a "
                    + "private key, TokenRequest (POST /api/v1/namespaces/NS/serviceaccounts/NAME/token).",
            "",
            "TokenRequest callers authenticate with a client certificate issued by --client-ca (CN = user, "
                    + "O = groups) or with a bearer token this server accepts, and are authorized by "
                    + "--token-request-authz; without that file TokenRequest is refused for everyone.",
            "",
            "With --policies, every ConstraintTemplate and constraint under DIR is loaded at start-up and "
                    + "/v1/admit denies when Pod Security or any deny constraint does; when both deny, the message "
                    + "is Pod Security's, then one [<constraint>] <msg> line per violation. If any template or "
                    + "constraint fails to load, the server does not start: every error is listed (file, object, "
                    + "field) and the exit code is 2. Templates the chosen --engine cannot run are listed as skipped.",
            "",
            "Service accounts, pods, secrets and nodes come from informers (or from --state): a deleted object "
                    + "invalidates its tokens as soon as the watch reports it, plus at most the 10 s verification "
                    + "cache.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  # In a cluster: certificate from a mounted Secret, policy from a ConfigMap",
            "  gatehouse serve --tls-cert /tls/tls.crt --tls-key /tls/tls.key \\",
            "      --config /etc/gatehouse/pod-security.yaml",
            "",
            "  # On a laptop against manifests, with a throw-away certificate",
            "  gatehouse serve --listen 127.0.0.1:8443 --state ./cluster \\",
            "      --self-signed --self-signed-ca-out ca.crt",
            "  curl --cacert ca.crt -H 'Content-Type: application/json' \\",
            "      --data @review.json https://localhost:8443/v1/admit",
            "",
            "  # Pod Security plus Gatekeeper constraints (CEL when a template has it, else Rego)",
            "  gatehouse serve --self-signed --state ./cluster --policies ./policies",
            "",
            "  # Bound service account tokens: TokenReview, discovery, TokenRequest",
            "  gatehouse serve --tls-cert /tls/tls.crt --tls-key /tls/tls.key \\",
            "      --token-keys /keys/sa.key --issuer https://gatehouse.example.com \\",
            "      --client-ca /pki/client-ca.crt \\",
            "      --token-request-authz /etc/gatehouse/token-request-authz.yaml",
            "",
            "Exit codes: 0 the server started (it then runs until SIGTERM), 2 bad usage",
            "or unusable input."
        })
public final class ServeCommand implements Callable<Integer> {

    /** Reads a cluster state from a directory of manifests (StaticClusterState in the policy module). */
    @FunctionalInterface
    public interface StaticStateLoader {
        ClusterState load(Path directory) throws Exception;
    }

    /**
     * Builds the admission engine. {@code podSecurityConfig} is the {@code --config} file when given;
     * {@code metrics} is where Pod Security reports evaluations, exemptions and errors.
     */
    @FunctionalInterface
    public interface EngineFactory {
        Engine create(Optional<Path> podSecurityConfig, ClusterState clusterState, PodSecurityMetrics metrics)
                throws Exception;
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:8443",
            description = "Address and port to listen on (default: ${DEFAULT-VALUE}). IPv6: [::]:8443.")
    String listen;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "PEM certificate chain, leaf first. Reloaded when the file changes.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "PEM private key (RSA or EC; PKCS#1, SEC 1 or PKCS#8, unencrypted).")
    Path tlsKey;

    @Option(names = "--self-signed",
            description = "Generate a CA and a serving certificate in memory instead of --tls-cert/--tls-key.")
    boolean selfSigned;

    @Option(names = "--self-signed-ca-out", paramLabel = "FILE",
            description = "With --self-signed: write the CA certificate here (default: print it on standard output).")
    Path selfSignedCaOut;

    @Option(names = "--self-signed-host", paramLabel = "NAME",
            description = "With --self-signed: a DNS name or IP the certificate is valid for (repeatable; default: "
                    + "localhost, 127.0.0.1, ::1 and this host's name).")
    List<String> selfSignedHosts = new ArrayList<>();

    @Option(names = "--state", paramLabel = "DIR",
            description = "Read namespaces and pods from manifest files in DIR instead of watching a cluster.")
    Path stateDir;

    @Option(names = "--config", paramLabel = "FILE",
            description = "PodSecurityConfiguration file (defaults and exemptions).")
    Path configFile;

    @Option(names = "--policies", paramLabel = "DIR",
            description = "Gatekeeper ConstraintTemplates and constraints (YAML/JSON files under DIR) enforced at "
                    + "/v1/admit with Pod Security. Any load error stops the server from starting (exit 2).")
    Path policiesDir;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "auto",
            description = "With --policies: which code of a template to run: rego, cel or auto (CEL when present; "
                    + "default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--token-keys", paramLabel = "PATH",
            description = "Service account key file or directory (repeatable; PEM, private or public). The first "
                    + "private key signs TokenRequest tokens; every key verifies. Enables the token routes.")
    List<Path> tokenKeys = new ArrayList<>();

    @Option(names = "--issuer", paramLabel = "URL",
            description = "Service account token issuer (repeatable, required with --token-keys). The first signs and "
                    + "is published by discovery, so it must be an https URL; all are accepted when verifying.")
    List<String> issuers = new ArrayList<>();

    @Option(names = "--api-audiences", paramLabel = "AUD",
            description = "The audiences of this server's tokens (repeatable; default: the first --issuer), as "
                    + "kube-apiserver --api-audiences.")
    List<String> apiAudiences = new ArrayList<>();

    @Option(names = "--token-max-expiration", paramLabel = "SECONDS",
            description = "Shorten TokenRequests asking for longer lifetimes to this, with a warning (3600 to 2^32; "
                    + "default: no maximum).")
    Long tokenMaxExpiration;

    @Option(names = "--client-ca", paramLabel = "FILE",
            description = "PEM CA bundle for TokenRequest client certificates. The server asks TLS clients for a "
                    + "certificate (never requires one); CN is the user, O the groups.")
    Path clientCa;

    @Option(names = "--token-request-authz", paramLabel = "FILE",
            description = "YAML rules saying who may request tokens for which service accounts. Without it, "
                    + "TokenRequest is refused (403) for everyone.")
    Path tokenRequestAuthz;

    @Option(names = "--event-loops", paramLabel = "N",
            description = "Event loops serving the port (default: one per processor).")
    Integer eventLoops;

    @Option(names = "--shutdown-timeout", paramLabel = "SECONDS", defaultValue = "20",
            description = "On SIGTERM, how long in-flight requests may take to finish (default: ${DEFAULT-VALUE}).")
    int shutdownTimeoutSeconds;

    private final StaticStateLoader staticStateLoader;
    private final EngineFactory engineFactory;
    private volatile GatehouseServer server;
    private volatile AutoCloseable clusterResources;

    /** The command as shipped: manifests through StaticClusterState, Pod Security admission as the engine. */
    public ServeCommand() {
        this(StaticClusterState::load, ServeCommand::podSecurityEngine);
    }

    /** For tests: a different state loader or engine. */
    public ServeCommand(StaticStateLoader staticStateLoader, EngineFactory engineFactory) {
        this.staticStateLoader = Objects.requireNonNull(staticStateLoader, "staticStateLoader");
        this.engineFactory = Objects.requireNonNull(engineFactory, "engineFactory");
    }

    /** Pod Security admission over the configuration file (upstream defaults when there is none). */
    static Engine podSecurityEngine(Optional<Path> config, ClusterState state, PodSecurityMetrics metrics)
            throws ConfigurationException {
        PodSecurityConfiguration configuration = config.isPresent()
                ? PodSecurityConfigurationLoader.load(config.get())
                : PodSecurityConfiguration.DEFAULT;
        return PodSecurityAdmission.builder(DefaultPodSecurityEvaluator.standard(), configuration, state)
                .clock(Clock.systemUTC())
                .metrics(metrics)
                .metricsVersion(DefaultPodSecurityEvaluator.standard().maxVersion())
                .build();
    }

    @Override
    public Integer call() throws Exception {
        InetSocketAddress address = parseListen(listen);
        TlsChoice tls = validateTls();
        Optional<Path> config = Optional.ofNullable(configFile);
        if (configFile != null && !Files.isReadable(configFile)) {
            throw new IOException("PodSecurityConfiguration file " + configFile + " does not exist or is not readable");
        }

        TokenOptions tokenOptions = validateTokens();
        ConstraintEngine constraints = loadPolicies();
        if (policiesDir != null && constraints == null) {
            return ExitCodes.USAGE_OR_INPUT;
        }

        PrometheusRegistry registry = new PrometheusRegistry();
        PodSecurityMetrics podSecurityMetrics = new PrometheusPodSecurityMetrics(registry);
        ClusterState state;
        BooleanSupplier ready;
        TokenObjects tokenObjects = null;
        if (stateDir != null) {
            if (!Files.isDirectory(stateDir)) {
                throw new IOException("--state " + stateDir + " is not a directory");
            }
            state = staticStateLoader.load(stateDir);
            if (tokenOptions != null) {
                tokenObjects = StaticTokenObjects.load(stateDir);
            }
            ready = () -> true;
        } else {
            KubernetesClient client = new KubernetesClientBuilder().build();
            InformerClusterState informers = InformerClusterState.start(client, Duration.ZERO);
            InformerTokenObjects tokenInformers = tokenOptions == null ? null
                    : InformerTokenObjects.start(client, Duration.ZERO, informers);
            clusterResources = () -> {
                if (tokenInformers != null) {
                    tokenInformers.close();
                }
                informers.close();
                client.close();
            };
            state = informers;
            tokenObjects = tokenInformers;
            ready = tokenInformers == null ? informers::hasSynced
                    : () -> informers.hasSynced() && tokenInformers.hasSynced();
        }
        try {
            Engine engine = engineFactory.create(config, state, podSecurityMetrics);
            if (constraints != null) {
                // Pod Security first: its upstream message leads a combined denial.
                engine = new CompositeEngine(engine, constraints.withClusterState(state)
                        .withMetrics(new PrometheusConstraintMetrics(registry, constraints)));
            }
            GatehouseServer.Builder builder = GatehouseServer.builder()
                    .listen(address)
                    .tls(tls.source())
                    .engine(engine)
                    .readiness(ready)
                    .metricsRegistry(registry)
                    .shutdownTimeout(Duration.ofSeconds(shutdownTimeoutSeconds));
            if (eventLoops != null) {
                builder.eventLoops(eventLoops);
            }
            if (tokenOptions != null) {
                builder.tokens(tokenOptions.settings(tokenObjects));
            }
            GatehouseServer started = start(builder.build());
            server = started;
            tls.publishCa(this);
            Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "gatehouse-serve-shutdown"));
            ServeLifecycle.markRunning();
            spec.commandLine().getOut().println("gatehouse: serving https://" + hostForUrl(address) + ":"
                    + started.port() + " (" + (stateDir != null ? "state from " + stateDir : "cluster informers") + ")");
            if (constraints != null) {
                spec.commandLine().getOut().println("gatehouse: " + constraints.constraints().size()
                        + " constraint(s) from " + policiesDir + " (--engine " + this.engine.toLowerCase(java.util.Locale.ROOT) + ")");
                if (!constraints.admissionPolicies().bindings().isEmpty()) {
                    spec.commandLine().getOut().println("gatehouse: " + constraints.admissionPolicies().policies().size()
                            + " ValidatingAdmissionPolicy(ies) with " + constraints.admissionPolicies().bindings().size()
                            + " binding(s) from " + policiesDir);
                }
            }
            if (tokenOptions != null) {
                String tokenRequest = !tokenOptions.signs() ? "no TokenRequest (no private key among --token-keys)"
                        : tokenRequestAuthz == null ? "TokenRequest (refused for everyone: no --token-request-authz)"
                        : "TokenRequest";
                spec.commandLine().getOut().println("gatehouse: tokens of " + String.join(", ", tokenOptions.issuers())
                        + ": TokenReview at " + GatehouseServer.AUTHENTICATE_PATH + ", discovery, " + tokenRequest);
            }
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        } catch (Exception | Error e) {
            closeClusterResources();
            throw e;
        }
    }

    /** Stops the server gracefully and releases the informers. Idempotent. */
    void stop() {
        GatehouseServer running = server;
        if (running != null) {
            try {
                running.stop().get(shutdownTimeoutSeconds + 5L, TimeUnit.SECONDS);
            } catch (Exception e) {
                spec.commandLine().getErr().println("gatehouse serve: shutdown did not finish cleanly: " + e);
            }
        }
        closeClusterResources();
    }

    int port() {
        return server.port();
    }

    private static GatehouseServer start(GatehouseServer server) throws Exception {
        try {
            return server.start().get();
        } catch (ExecutionException e) {
            // The cause names the file or the address; the wrapper adds nothing for a user.
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw new IOException(message(exception), exception);
            }
            throw e;
        }
    }

    private static String message(Exception e) {
        if (e instanceof java.net.BindException || e.getCause() instanceof java.net.BindException) {
            return "cannot listen: " + e.getMessage();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private void closeClusterResources() {
        AutoCloseable resources = clusterResources;
        clusterResources = null;
        if (resources != null) {
            try {
                resources.close();
            } catch (Exception e) {
                // Closing on the way out: nothing more useful to do than carry on.
            }
        }
    }

    /**
     * Reads and compiles {@code --policies}. Null without the option; also null, after printing every error
     * (file, object, field) on standard error, when anything failed to load, since a webhook silently missing a
     * constraint is worse than one that does not start. Templates the chosen engine cannot run are printed as
     * skipped. Namespaces come from the cluster state later ({@link ConstraintEngine#withClusterState}).
     */
    private ConstraintEngine loadPolicies() {
        EnginePreference preference = EnginePreference.parse(engine).orElseThrow(() -> new ParameterException(
                spec.commandLine(), "--engine must be rego, cel or auto, not \"" + engine + "\""));
        if (policiesDir == null) {
            if (!engine.equalsIgnoreCase("auto")) {
                throw new ParameterException(spec.commandLine(), "--engine only applies with --policies");
            }
            return null;
        }
        java.io.PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(policiesDir)) {
            err.println("gatehouse serve: --policies " + policiesDir + " is not a directory");
            return null;
        }
        ManifestSet manifests = ManifestReader.read(List.of(policiesDir.toString()), java.io.InputStream.nullInputStream());
        LoadedConstraints loaded = ConstraintLoader.load(manifests);
        // Auto prefers CEL when a template has both; the engine picks by preference, not by this order.
        ConstraintEngine built = ConstraintEngine.builder().drivers(List.of(new CelDriver(), new RegoDriver()))
                .preference(preference).load(loaded).build();
        List<LoadError> errors = built.errors().stream().map(e -> withTemplateSource(e, manifests)).toList();
        if (!errors.isEmpty()) {
            err.println("gatehouse serve: --policies " + policiesDir + ": " + errors.size()
                    + (errors.size() == 1 ? " error" : " errors") + "; not starting:");
            errors.forEach(e -> err.println("  " + e));
            err.flush();
            return null;
        }
        java.io.PrintWriter out = spec.commandLine().getOut();
        built.unavailable().forEach((kind, reason) -> out.println("gatehouse: skipped template " + kind + ": "
                + reason + " (--engine " + preference + "); its constraints are not enforced"));
        if (!loaded.otherObjects().isEmpty()) {
            out.println("gatehouse: " + loaded.otherObjects().size() + " other object(s) under " + policiesDir
                    + " are not reviewed; ValidatingAdmissionPolicy bindings may use them as parameters");
        }
        return built;
    }

    /** Compile errors name the template only; the file and line of its manifest are added here. */
    private static LoadError withTemplateSource(LoadError error, ManifestSet manifests) {
        if (!error.source().isEmpty()) {
            return error;
        }
        for (Manifest m : manifests.manifests()) {
            if (TemplateParser.isTemplate(m.object()) && error.object().equals("ConstraintTemplate/" + m.name())) {
                return new LoadError(m.source(), m.line(), error.object(), error.field(), error.message());
            }
        }
        return error;
    }

    /**
     * Checks the token options together and reads their files, so that a bad combination or file stops the
     * command before anything starts. Null when no token routes are wanted.
     */
    private TokenOptions validateTokens() throws Exception {
        if (tokenKeys.isEmpty()) {
            List<String> stray = new ArrayList<>();
            addIf(stray, !issuers.isEmpty(), "--issuer");
            addIf(stray, !apiAudiences.isEmpty(), "--api-audiences");
            addIf(stray, tokenMaxExpiration != null, "--token-max-expiration");
            addIf(stray, clientCa != null, "--client-ca");
            addIf(stray, tokenRequestAuthz != null, "--token-request-authz");
            if (!stray.isEmpty()) {
                throw new ParameterException(spec.commandLine(), String.join(", ", stray)
                        + (stray.size() == 1 ? " only applies" : " only apply") + " with --token-keys");
            }
            return null;
        }
        if (issuers.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--token-keys needs at least one --issuer");
        }
        if (issuers.stream().anyMatch(String::isBlank) || apiAudiences.stream().anyMatch(String::isBlank)) {
            throw new ParameterException(spec.commandLine(), "--issuer and --api-audiences may not be empty");
        }
        if (tokenMaxExpiration != null
                && (tokenMaxExpiration < 3600 || tokenMaxExpiration > TokenIssuer.MAX_EXPIRATION_SECONDS)) {
            throw new ParameterException(spec.commandLine(), "--token-max-expiration must be between 3600 and "
                    + TokenIssuer.MAX_EXPIRATION_SECONDS + " seconds, got " + tokenMaxExpiration);
        }
        KeySet keys = KeySet.load(tokenKeys);
        IssuerDiscovery discovery;
        try {
            discovery = new IssuerDiscovery(issuers.getFirst(), null, keys);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--issuer " + issuers.getFirst()
                    + ": the first issuer is published by discovery: " + e.getMessage());
        }
        boolean signs = keys.signingKey().isPresent();
        if (!signs && (clientCa != null || tokenRequestAuthz != null || tokenMaxExpiration != null)) {
            throw new ParameterException(spec.commandLine(), "--client-ca, --token-request-authz and "
                    + "--token-max-expiration configure TokenRequest, which needs a private key among --token-keys");
        }
        List<X509Certificate> clientCas = List.of();
        if (clientCa != null) {
            try {
                clientCas = PemFiles.certificates(clientCa, readFile(clientCa, "--client-ca"));
            } catch (TlsConfigurationException e) {
                throw new IOException("--client-ca: " + e.getMessage(), e);
            }
        }
        TokenRequestAuthorization authorization = tokenRequestAuthz == null ? TokenRequestAuthorization.denyAll()
                : TokenRequestAuthorization.load(tokenRequestAuthz);
        return new TokenOptions(keys, List.copyOf(issuers), List.copyOf(apiAudiences), tokenMaxExpiration, discovery,
                clientCas, authorization, signs);
    }

    private static void addIf(List<String> list, boolean condition, String value) {
        if (condition) {
            list.add(value);
        }
    }

    private static byte[] readFile(Path file, String option) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException(option + " " + file + " does not exist");
        } catch (IOException e) {
            throw new IOException(option + " " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Validated token options; the objects arrive later, once the cluster state is chosen. */
    private record TokenOptions(KeySet keys, List<String> issuers, List<String> apiAudiences, Long maxExpiration,
                                IssuerDiscovery discovery, List<X509Certificate> clientCas,
                                TokenRequestAuthorization authorization, boolean signs) {

        TokenSettings settings(TokenObjects objects) throws KeyException {
            TokenVerifier.Builder verifier = TokenVerifier.builder(keys, issuers).objects(objects);
            if (!apiAudiences.isEmpty()) {
                verifier.apiAudiences(apiAudiences);
            }
            TokenSettings.Builder settings = TokenSettings.builder(verifier.build())
                    .discovery(discovery)
                    .authorization(authorization)
                    .clientCertificateAuthorities(clientCas);
            if (signs) {
                TokenIssuer.Builder issuer = TokenIssuer.builder(keys, issuers.getFirst()).objects(objects);
                if (!apiAudiences.isEmpty()) {
                    issuer.apiAudiences(apiAudiences);
                }
                if (maxExpiration != null) {
                    issuer.maxExpirationSeconds(maxExpiration);
                }
                settings.issuer(issuer.build());
            }
            return settings.build();
        }
    }

    private TlsChoice validateTls() {
        boolean files = tlsCert != null || tlsKey != null;
        if (files && selfSigned) {
            throw new ParameterException(spec.commandLine(), "--self-signed cannot be combined with --tls-cert/--tls-key");
        }
        if (!files && !selfSigned) {
            throw new ParameterException(spec.commandLine(),
                    "a certificate is required: give --tls-cert and --tls-key, or --self-signed");
        }
        if (files && (tlsCert == null || tlsKey == null)) {
            throw new ParameterException(spec.commandLine(), "--tls-cert and --tls-key must be given together");
        }
        if (!selfSigned && (selfSignedCaOut != null || !selfSignedHosts.isEmpty())) {
            throw new ParameterException(spec.commandLine(),
                    "--self-signed-ca-out and --self-signed-host only apply with --self-signed");
        }
        if (files) {
            return new TlsChoice(TlsSource.pemFiles(tlsCert, tlsKey), null, null);
        }
        List<String> hosts = selfSignedHosts.isEmpty() ? SelfSignedCertificates.localHosts() : selfSignedHosts;
        SelfSignedCertificates.Bundle bundle = SelfSignedCertificates.generate(hosts, Clock.systemUTC(), Duration.ofDays(365));
        return new TlsChoice(TlsSource.fixed(bundle.serving()), bundle, selfSignedCaOut);
    }

    private record TlsChoice(TlsSource source, SelfSignedCertificates.Bundle bundle, Path caOut) {
        void publishCa(ServeCommand command) throws IOException {
            if (bundle == null) {
                return;
            }
            if (caOut != null) {
                Files.writeString(caOut, bundle.caPem());
                command.spec.commandLine().getOut().println("gatehouse: self-signed CA certificate written to " + caOut);
            } else {
                command.spec.commandLine().getOut().println("gatehouse: self-signed CA certificate (trust it to call the server):");
                command.spec.commandLine().getOut().print(bundle.caPem());
            }
        }
    }

    static InetSocketAddress parseListen(String value) {
        String host;
        String port;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0 || close + 1 >= value.length() || value.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("--listen must be HOST:PORT or [IPv6]:PORT, got \"" + value + "\"");
            }
            host = value.substring(1, close);
            port = value.substring(close + 2);
        } else {
            int colon = value.lastIndexOf(':');
            if (colon < 0 || value.indexOf(':') != colon) {
                throw new IllegalArgumentException("--listen must be HOST:PORT or [IPv6]:PORT, got \"" + value + "\"");
            }
            host = value.substring(0, colon);
            port = value.substring(colon + 1);
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (number < 0 || number > 65535) {
            throw new IllegalArgumentException("--listen port must be 0..65535, got \"" + port + "\"");
        }
        return InetSocketAddress.createUnresolved(host.isEmpty() ? "0.0.0.0" : host, number);
    }

    private static String hostForUrl(InetSocketAddress address) {
        String host = address.getHostString();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            return "localhost";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
