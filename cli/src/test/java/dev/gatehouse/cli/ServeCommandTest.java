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
import dev.gatehouse.auth.tokens.KeyGenerator;
import dev.gatehouse.auth.tokens.KeySet;
import dev.gatehouse.auth.tokens.SigningAlgorithm;
import dev.gatehouse.auth.tokens.StaticTokenObjects;
import dev.gatehouse.auth.tokens.TokenIssuer;
import dev.gatehouse.auth.tokens.TokenRequestSpec;

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
                "--config=FILE", "Examples:", "gatehouse serve --tls-cert /tls/tls.crt", "--token-keys=PATH",
                "--issuer=URL", "--api-audiences=AUD", "--token-max-expiration=SECONDS", "--client-ca=FILE",
                "--token-request-authz=FILE", "refused (403) for everyone", "--policies=DIR", "--engine=ENGINE",
                "every error is listed (file, object, field)");
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

    private static Path resource(String name) throws Exception {
        return Path.of(ServeCommandTest.class.getResource("/serve/" + name).toURI());
    }

    private static String podReview(String uid, String labels) {
        return podReview(uid, labels, "{}");
    }

    private static String podReview(String uid, String labels, String securityContext) {
        return """
                {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
                 "request": {"uid": "%s", "kind": {"group": "", "version": "v1", "kind": "Pod"},
                   "resource": {"group": "", "version": "v1", "resource": "pods"},
                   "name": "web", "namespace": "team-a", "operation": "CREATE", "userInfo": {"username": "dev"},
                   "object": {"apiVersion": "v1", "kind": "Pod",
                     "metadata": {"name": "web", "namespace": "team-a", "labels": %s},
                     "spec": {"containers": [{"name": "c", "image": "nginx", "securityContext": %s}]}},
                   "oldObject": null, "dryRun": false}}
                """.formatted(uid, labels, securityContext);
    }

    @ParameterizedTest(name = "--engine {0}")
    @MethodSource("engines")
    void policies_withState_deniesAPodMissingTheRequiredLabel(String engine) throws Exception {
        Path stateDir = Files.createDirectory(dir.resolve("state"));
        // The constraint only selects namespaces labelled env=prod: the lookup goes through --state.
        Files.writeString(stateDir.resolve("ns.yaml"), """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: team-a
                  labels:
                    env: prod
                    pod-security.kubernetes.io/enforce: baseline
                """);
        Path ca = dir.resolve("ca.crt");
        ServeCommand command = new ServeCommand();

        int code = commandLine(command).execute("--listen", "127.0.0.1:0", "--self-signed", "--self-signed-ca-out",
                ca.toString(), "--state", stateDir.toString(), "--event-loops", "1",
                "--policies", resource("policies").toString(), "--engine", engine);
        try {
            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("1 constraint(s) from").doesNotContain("skipped");
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(ca)).build();
            URI admit = URI.create("https://localhost:" + command.port() + "/v1/admit");

            HttpResponse<String> denied = client.send(HttpRequest.newBuilder(admit)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(podReview("u1", "{\"app\": \"web\"}"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(denied.statusCode()).isEqualTo(200);
            assertThat(denied.body()).contains("\"allowed\":false", "\"code\":403",
                    "[must-have-owner] you must provide label owner");

            HttpResponse<String> allowed = client.send(HttpRequest.newBuilder(admit)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(podReview("u2", "{\"owner\": \"me\"}"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(allowed.body()).contains("\"allowed\":true");

            // Both deny: Pod Security's message first, then the constraint's line.
            HttpResponse<String> both = client.send(HttpRequest.newBuilder(admit)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(podReview("u3", "{}", "{\"privileged\": true}")))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(both.body()).contains("\"allowed\":false",
                    "violates PodSecurity \\\"baseline:latest\\\": privileged",
                    "\\n[must-have-owner] you must provide label owner");
            assertThat(both.body().indexOf("violates PodSecurity"))
                    .isLessThan(both.body().indexOf("[must-have-owner]"));

            // Gatekeeper's webhook metrics, on the server's own /metrics: two denials, one allow.
            HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + command.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).contains(
                    "gatekeeper_validation_request_count_total{admission_dryrun=\"false\",admission_status=\"deny\"} 2.0\n",
                    "gatekeeper_validation_request_count_total{admission_dryrun=\"false\",admission_status=\"allow\"} 1.0\n",
                    "gatekeeper_constraints{enforcement_action=\"deny\",status=\"active\"} 1.0\n",
                    "gatekeeper_constraint_templates{status=\"active\"} 1.0\n",
                    "gatehouse_constraint_violations_total{enforcement_action=\"deny\",kind=\"K8sRequiredLabels\","
                            + "name=\"must-have-owner\"} 2.0\n");
        } finally {
            command.stop();
        }
    }

    @Test
    void policies_withAValidatingAdmissionPolicy_deniesWithTheApiServersWording() throws Exception {
        Path stateDir = Files.createDirectory(dir.resolve("state"));
        Files.writeString(stateDir.resolve("ns.yaml"), """
                apiVersion: v1
                kind: Namespace
                metadata: {name: team-a}
                """);
        Path policies = Files.createDirectory(dir.resolve("policies"));
        Files.writeString(policies.resolve("vap.yaml"), """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: needs-owner}
                spec:
                  matchConstraints:
                    resourceRules:
                    - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}
                  validations:
                  - expression: "has(object.metadata.labels) && 'owner' in object.metadata.labels"
                    messageExpression: "'pod ' + object.metadata.name + ' has no owner label'"
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: needs-owner-everywhere}
                spec:
                  policyName: needs-owner
                  validationActions: [Deny]
                """);
        Path ca = dir.resolve("ca.crt");
        ServeCommand command = new ServeCommand();

        int code = commandLine(command).execute("--listen", "127.0.0.1:0", "--self-signed", "--self-signed-ca-out",
                ca.toString(), "--state", stateDir.toString(), "--event-loops", "1", "--policies", policies.toString());
        try {
            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("1 ValidatingAdmissionPolicy(ies) with 1 binding(s) from");
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(ca)).build();
            URI admit = URI.create("https://localhost:" + command.port() + "/v1/admit");
            HttpResponse<String> denied = client.send(HttpRequest.newBuilder(admit)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(podReview("u1", "{\"app\": \"web\"}"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(denied.body()).contains("\"allowed\":false", "\"code\":422",
                    "ValidatingAdmissionPolicy 'needs-owner' with binding 'needs-owner-everywhere' denied request: "
                            + "pod web has no owner label");
            HttpResponse<String> allowed = client.send(HttpRequest.newBuilder(admit)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(podReview("u2", "{\"owner\": \"me\"}"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(allowed.body()).contains("\"allowed\":true");
        } finally {
            command.stop();
        }
    }

    static Stream<String> engines() {
        return Stream.of("cel", "rego", "auto");
    }

    @Test
    void policies_thatFailToLoad_exit2ListingEveryErrorWithItsFile() throws Exception {
        ServeCommand command = new ServeCommand();

        int code = commandLine(command).execute("--listen", "127.0.0.1:0", "--self-signed", "--state",
                dir.toString(), "--policies", resource("bad-policies").toString());

        assertThat(code).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(err.toString()).contains("2 errors; not starting",
                        "template.yaml:1: ConstraintTemplate/k8sbroken",
                        "constraint.yaml:1: K8sMissing/orphan: kind: no ConstraintTemplate defines kind K8sMissing")
                .doesNotContain("\tat ");
        assertThat(out.toString()).doesNotContain("serving");
    }

    @Test
    void policies_aTemplateOnlyTheOtherEngineRuns_isLoggedAsSkipped() throws Exception {
        Path policies = Files.createDirectory(dir.resolve("policies"));
        Files.writeString(policies.resolve("rego-only.yaml"), """
                apiVersion: templates.gatekeeper.sh/v1
                kind: ConstraintTemplate
                metadata:
                  name: k8sregoonly
                spec:
                  crd:
                    spec:
                      names:
                        kind: K8sRegoOnly
                  targets:
                  - target: admission.k8s.gatekeeper.sh
                    rego: |
                      package k8sregoonly
                      violation[{"msg": "always"}] { true }
                """);
        ServeCommand command = wired(new AtomicReference<>());

        int code = commandLine(command).execute("--listen", "127.0.0.1:0", "--self-signed", "--state",
                dir.toString(), "--event-loops", "1", "--policies", policies.toString(), "--engine", "cel");
        try {
            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("gatehouse: skipped template K8sRegoOnly: needs the Rego engine",
                    "(--engine cel); its constraints are not enforced");
        } finally {
            command.stop();
        }
    }

    @Test
    void engine_withoutPolicies_isAUsageError() {
        int code = commandLine(wired(new AtomicReference<>())).execute("--self-signed", "--state", dir.toString(),
                "--engine", "cel");

        assertThat(code).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(err.toString()).contains("--engine only applies with --policies");
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
                        "PodSecurityConfiguration file nope.yaml does not exist"),
                Arguments.of("token options without --token-keys", List.of("--self-signed", "--issuer", "https://a.test",
                        "--client-ca", "ca.crt"), "--issuer, --client-ca only apply with --token-keys"),
                Arguments.of("token keys without an issuer", List.of("--self-signed", "--token-keys", "keys"),
                        "--token-keys needs at least one --issuer"),
                Arguments.of("a maximum expiration under an hour", List.of("--self-signed", "--token-keys", "keys",
                        "--issuer", "https://a.test", "--token-max-expiration", "600"),
                        "--token-max-expiration must be between 3600 and 4294967296 seconds, got 600"),
                Arguments.of("an unknown engine", List.of("--self-signed", "--policies", "p", "--engine", "opa"),
                        "--engine must be rego, cel or auto, not \"opa\""),
                Arguments.of("a missing policies directory", List.of("--self-signed", "--policies", "nope"),
                        "--policies nope is not a directory"),
                Arguments.of("a missing key file", List.of("--self-signed", "--token-keys", "missing.key",
                        "--issuer", "https://a.test"), "missing.key: no such file or directory"));
    }

    @Test
    void tokenOptions_badFilesAndCombinations_exit2NamingTheProblem() throws Exception {
        Path keys = dir.resolve("keys");
        KeyGenerator.write(SigningAlgorithm.ES256, keys, "sa");
        Path publicOnly = keys.resolve("sa.pub");
        Path authz = Files.writeString(dir.resolve("authz.yaml"), "rules:\n- users: [alice]\n  verbs: [create]\n");
        Path notPem = Files.writeString(dir.resolve("ca.crt"), "not a certificate\n");
        String[][] cases = {
            {"--issuer", "http://plain.test", "--token-keys", keys.toString()},
            {"--issuer", "https://a.test", "--token-keys", publicOnly.toString(), "--client-ca", notPem.toString()},
            {"--issuer", "https://a.test", "--token-keys", keys.toString(), "--token-request-authz", authz.toString()},
            {"--issuer", "https://a.test", "--token-keys", keys.toString(), "--client-ca", notPem.toString()},
        };
        String[] messages = {
            "--issuer http://plain.test: the first issuer is published by discovery: The issuer must be an https URL",
            "which needs a private key among --token-keys",
            authz + ": rules[0]: unknown field \"verbs\"",
            "--client-ca: TLS certificate file " + notPem,
        };
        for (int i = 0; i < cases.length; i++) {
            StringWriter caseErr = new StringWriter();
            CommandLine cli = commandLine(wired(new AtomicReference<>()));
            cli.setErr(new PrintWriter(caseErr, true));
            List<String> all = new java.util.ArrayList<>(List.of("--self-signed", "--listen", "127.0.0.1:0", "--state", dir.toString()));
            all.addAll(List.of(cases[i]));

            int code = cli.execute(all.toArray(String[]::new));

            assertThat(code).as(String.join(" ", cases[i])).isEqualTo(ExitCodes.USAGE_OR_INPUT);
            assertThat(caseErr.toString()).contains(messages[i]).doesNotContain("\tat ");
        }
    }

    @Test
    void tokenKeysAndIssuer_withState_serveTokenReviewDiscoveryAndGuardedTokenRequest() throws Exception {
        Path stateDir = Files.createDirectory(dir.resolve("state"));
        Files.writeString(stateDir.resolve("sa.yaml"), """
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: builder, namespace: ci, uid: sa-uid}
                """);
        Path keys = dir.resolve("keys");
        KeyGenerator.write(SigningAlgorithm.ES256, keys, "sa");
        Path ca = dir.resolve("ca.crt");
        ServeCommand command = wired(new AtomicReference<>());

        int code = commandLine(command).execute("--listen", "127.0.0.1:0", "--self-signed", "--self-signed-ca-out",
                ca.toString(), "--state", stateDir.toString(), "--event-loops", "1", "--token-keys", keys.toString(),
                "--issuer", "https://gatehouse.test", "--issuer", "https://old.test", "--api-audiences", "api");
        try {
            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("tokens of https://gatehouse.test, https://old.test")
                    .contains("TokenRequest (refused for everyone: no --token-request-authz)");
            StaticTokenObjects objects = StaticTokenObjects.load(stateDir);
            KeySet keySet = KeySet.load(List.of(keys));
            String ours = TokenIssuer.builder(keySet, "https://old.test").objects(objects).build()
                    .issue("ci", "builder", new TokenRequestSpec(List.of("api"), 600L, null)).token();
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(ca)).build();
            String base = "https://localhost:" + command.port();

            HttpResponse<String> review = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/authenticate"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"apiVersion\":\"authentication.k8s.io/v1\","
                            + "\"kind\":\"TokenReview\",\"spec\":{\"token\":\"" + ours + "\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(review.statusCode()).isEqualTo(200);
            assertThat(review.body()).contains("\"authenticated\":true", "\"username\":\"system:serviceaccount:ci:builder\"",
                    "\"audiences\":[\"api\"]");

            HttpResponse<String> discovery = client.send(HttpRequest.newBuilder(
                    URI.create(base + "/.well-known/openid-configuration")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(discovery.statusCode()).isEqualTo(200);
            assertThat(discovery.body()).contains("\"issuer\":\"https://gatehouse.test\"");

            HttpResponse<String> tokenRequest = client.send(HttpRequest.newBuilder(
                    URI.create(base + "/api/v1/namespaces/ci/serviceaccounts/builder/token"))
                    .header("Authorization", "Bearer " + ours).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            // The token is valid for the server's audience "api", so the caller is known, but no rule allows it.
            assertThat(tokenRequest.statusCode()).isEqualTo(403);
        } finally {
            command.stop();
        }
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
