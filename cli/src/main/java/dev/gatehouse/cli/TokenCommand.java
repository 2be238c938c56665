package dev.gatehouse.cli;

import dev.gatehouse.auth.tokens.BoundObjectRef;
import dev.gatehouse.auth.tokens.IssuedToken;
import dev.gatehouse.auth.tokens.KeyException;
import dev.gatehouse.auth.tokens.KeyGenerator;
import dev.gatehouse.auth.tokens.KeySet;
import dev.gatehouse.auth.tokens.SigningAlgorithm;
import dev.gatehouse.auth.tokens.StaticTokenObjects;
import dev.gatehouse.auth.tokens.TokenIssuer;
import dev.gatehouse.auth.tokens.TokenObjects;
import dev.gatehouse.auth.tokens.TokenRequestException;
import dev.gatehouse.auth.tokens.TokenRequestSpec;
import dev.gatehouse.auth.tokens.TokenVerifier;
import dev.gatehouse.auth.tokens.VerificationResult;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code gatehouse token}: generate signing keys, issue bound service account tokens offline, and explain why a
 * token would or would not verify. Tokens are interchangeable with kube-apiserver's.
 */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        versionProvider = GatehouseCommand.Version.class,
        description = "Bound service account tokens, interchangeable with kube-apiserver's: generate signing keys, "
                + "issue tokens offline, and inspect a token (and why it would or would not verify).",
        subcommands = {TokenCommand.Keygen.class, TokenCommand.Issue.class, TokenCommand.Inspect.class},
        footer = {"", "Examples:",
            "  gatehouse token keygen --algorithm ES256 --out keys/",
            "  gatehouse token issue --keys keys/ --issuer https://issuer.example \\",
            "      --service-account builder --audience vault --expiration-seconds 600",
            "  gatehouse token inspect - < token.jwt",
            "  gatehouse token inspect --keys keys/ --issuer https://issuer.example \\",
            "      --state cluster/ \"$TOKEN\""})
public final class TokenCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Command(name = "keygen", mixinStandardHelpOptions = true, versionProvider = GatehouseCommand.Version.class,
            description = "Generate a service account signing key pair: DIR/NAME.key (PKCS#8, mode 0600) and "
                    + "DIR/NAME.pub (SubjectPublicKeyInfo). Prints the key ID (kid) that tokens signed with it carry. "
                    + "Never overwrites a file.",
            footer = {"", "Examples:", "  gatehouse token keygen --algorithm ES256 --out /etc/gatehouse/keys",
                "  gatehouse token keygen --algorithm RS256 --out keys/ --name sa-2026"})
    static final class Keygen implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--algorithm", defaultValue = "ES256", description = "ES256, ES384, ES512 or RS256 (default: ${DEFAULT-VALUE}).")
        SigningAlgorithm algorithm;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the key files to (created if needed).")
        Path out;

        @Option(names = "--name", defaultValue = "sa", description = "Base name of the key files (default: ${DEFAULT-VALUE}).")
        String name;

        @Override
        public Integer call() throws KeyException {
            KeyGenerator.Written written = KeyGenerator.write(algorithm, out, name);
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.println("private key: " + written.privateKeyFile() + " (mode 0600)");
            stdout.println("public key:  " + written.publicKeyFile());
            stdout.println("algorithm:   " + written.algorithm());
            stdout.println("kid:         " + written.keyId());
            stdout.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "issue", mixinStandardHelpOptions = true, versionProvider = GatehouseCommand.Version.class,
            description = "Issue a bound service account token with TokenRequest semantics and print it; warnings "
                    + "go to stderr. With --state, the service account and the bound object are looked up in the "
                    + "manifests (uids, the pod's node); without it they are taken from the options.",
            footer = {"", "Examples:",
                "  gatehouse token issue --keys keys/ --issuer https://issuer.example \\",
                "      -n ci --service-account builder --audience vault --expiration-seconds 600",
                "  gatehouse token issue --keys keys/sa.key --issuer https://issuer.example \\",
                "      --state cluster/ --service-account default --bound-kind Pod --bound-name web-0"})
    static final class Issue implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--keys", required = true, paramLabel = "PATH", description = "Key file or directory (repeatable); the first private key signs.")
        List<Path> keys;

        @Option(names = "--issuer", required = true, paramLabel = "URL", description = "The iss claim (kube-apiserver --service-account-issuer).")
        String issuer;

        @Option(names = "--api-audience", paramLabel = "AUD", description = "The server's audiences (repeatable; default: the issuer).")
        List<String> apiAudiences = new ArrayList<>();

        @Option(names = {"-n", "--namespace"}, defaultValue = "default", paramLabel = "NS", description = "Namespace of the service account (default: ${DEFAULT-VALUE}).")
        String namespace;

        @Option(names = "--service-account", required = true, paramLabel = "NAME", description = "The service account.")
        String serviceAccount;

        @Option(names = "--service-account-uid", paramLabel = "UID", description = "Its uid, when not using --state.")
        String serviceAccountUid;

        @Option(names = "--audience", paramLabel = "AUD", description = "Audience (repeatable; default: the server's audiences).")
        List<String> audiences = new ArrayList<>();

        @Option(names = "--expiration-seconds", paramLabel = "N", description = "Lifetime (default 3600, minimum 600).")
        Long expirationSeconds;

        @Option(names = "--max-expiration-seconds", paramLabel = "N", defaultValue = "0",
                description = "Shorten longer requests to this, with a warning (kube-apiserver --service-account-max-token-expiration).")
        long maxExpirationSeconds;

        @Option(names = "--bound-kind", paramLabel = "KIND", description = "Pod, Secret or Node.")
        String boundKind;

        @Option(names = "--bound-name", paramLabel = "NAME", description = "Name of the bound object.")
        String boundName;

        @Option(names = "--bound-uid", paramLabel = "UID", description = "Uid of the bound object (checked against --state when given).")
        String boundUid;

        @Option(names = "--bound-node", paramLabel = "NODE", description = "The pod's node, for a Pod binding without --state.")
        String boundNode;

        @Option(names = "--state", paramLabel = "DIR", description = "Manifests (YAML/JSON) with the ServiceAccount, Pod, Secret and Node objects.")
        Path state;

        @Override
        public Integer call() throws Exception {
            if ((boundKind == null) != (boundName == null)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--bound-kind and --bound-name go together");
            }
            KeySet keySet = KeySet.load(keys);
            TokenObjects objects = state != null ? loadState(state) : syntheticObjects();
            TokenIssuer.Builder builder = TokenIssuer.builder(keySet, issuer).objects(objects).maxExpirationSeconds(maxExpirationSeconds);
            if (!apiAudiences.isEmpty()) {
                builder.apiAudiences(apiAudiences);
            }
            TokenIssuer tokenIssuer = builder.build();
            BoundObjectRef ref = boundKind == null ? null : new BoundObjectRef(boundKind, "v1", boundName, boundUid);
            IssuedToken issued;
            try {
                issued = tokenIssuer.issue(namespace, serviceAccount, new TokenRequestSpec(audiences, expirationSeconds, ref));
            } catch (TokenRequestException e) {
                spec.commandLine().getErr().println("gatehouse token issue: error: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return ExitCodes.USAGE_OR_INPUT;
            }
            for (String warning : issued.warnings()) {
                spec.commandLine().getErr().println("Warning: " + warning);
            }
            spec.commandLine().getErr().flush();
            spec.commandLine().getOut().println(issued.token());
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }

        /** Without --state, the objects the request names exist with the uids given on the command line. */
        private TokenObjects syntheticObjects() {
            List<io.fabric8.kubernetes.api.model.HasMetadata> objects = new ArrayList<>();
            objects.add(new ServiceAccountBuilder().withNewMetadata().withNamespace(namespace).withName(serviceAccount)
                    .withUid(serviceAccountUid).endMetadata().build());
            if (boundKind != null) {
                switch (boundKind) {
                    case "Pod" -> {
                        objects.add(new PodBuilder().withNewMetadata().withNamespace(namespace).withName(boundName).withUid(boundUid)
                                .endMetadata().withNewSpec().withServiceAccountName(serviceAccount).withNodeName(boundNode).endSpec().build());
                    }
                    case "Secret" -> objects.add(new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(boundName)
                            .withUid(boundUid).endMetadata().build());
                    case "Node" -> objects.add(new NodeBuilder().withNewMetadata().withName(boundName).withUid(boundUid).endMetadata().build());
                    default -> { } // the issuer reports the unsupported kind in upstream's words
                }
            }
            return StaticTokenObjects.of(objects);
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true, versionProvider = GatehouseCommand.Version.class,
            description = "Print a token's header and claims (times also in UTC). With --keys and --issuer, also say "
                    + "whether it would verify, and why not; with --state the service account and bound objects are "
                    + "checked too. Exit code 1 when it would not verify.",
            footer = {"", "Examples:", "  gatehouse token inspect eyJhbGciOi...",
                "  kubectl create token builder | gatehouse token inspect -",
                "  gatehouse token inspect --keys keys/ --issuer https://issuer.example \\",
                "      --audience vault --state cluster/ -"})
    static final class Inspect implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "TOKEN|-", description = "The token, or - to read it from standard input.")
        String token;

        @Option(names = "--keys", paramLabel = "PATH", description = "Key file or directory (repeatable) to verify with.")
        List<Path> keys = new ArrayList<>();

        @Option(names = "--issuer", paramLabel = "URL", description = "Accepted issuer (repeatable).")
        List<String> issuers = new ArrayList<>();

        @Option(names = "--api-audience", paramLabel = "AUD", description = "The server's audiences (repeatable; default: the first issuer).")
        List<String> apiAudiences = new ArrayList<>();

        @Option(names = "--audience", paramLabel = "AUD", description = "Audiences to verify for (repeatable; default: the server's).")
        List<String> audiences = new ArrayList<>();

        @Option(names = "--state", paramLabel = "DIR", description = "Manifests with the ServiceAccount, Pod, Secret and Node objects.")
        Path state;

        @Override
        public Integer call() throws Exception {
            String text = "-".equals(token) ? readStdin() : token;
            text = text.strip();
            PrintWriter out = spec.commandLine().getOut();
            String[] parts = text.split("\\.", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("not a compact JWT: expected three dot-separated parts, found " + parts.length);
            }
            out.println("header:");
            out.println(indent(pretty(decode(parts[0], "header"))));
            out.println("claims:");
            JsonNode claims = decode(parts[1], "payload");
            out.println(indent(pretty(claims)));
            for (String time : List.of("iat", "nbf", "exp")) {
                if (claims.path(time).isNumber()) {
                    out.println("  " + time + " = " + Instant.ofEpochSecond(claims.get(time).asLong()));
                }
            }
            JsonNode warnAfter = claims.path("kubernetes.io").path("warnafter");
            if (warnAfter.isNumber()) {
                out.println("  warnafter = " + Instant.ofEpochSecond(warnAfter.asLong()));
            }
            if (keys.isEmpty() && issuers.isEmpty()) {
                out.flush();
                return ExitCodes.OK;
            }
            if (keys.isEmpty() || issuers.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "verification needs both --keys and --issuer");
            }
            TokenObjects objects = state != null ? loadState(state) : new ClaimedObjects(claims);
            TokenVerifier.Builder builder = TokenVerifier.builder(KeySet.load(keys), issuers).objects(objects).noCache();
            if (!apiAudiences.isEmpty()) {
                builder.apiAudiences(apiAudiences);
            }
            VerificationResult result = builder.build().verifyUncached(text, audiences.isEmpty() ? null : audiences);
            out.println("verification:" + (state == null ? " (no --state: service account and bound objects not checked)" : ""));
            int code = switch (result) {
                case VerificationResult.Authenticated a -> {
                    out.println("  would authenticate as " + a.identity().username() + " (uid " + a.identity().uid() + ")");
                    out.println("  groups: " + String.join(", ", a.identity().groups()));
                    a.identity().extra().forEach((k, v) -> out.println("  extra " + k + ": " + String.join(", ", v)));
                    out.println("  audiences: " + String.join(", ", a.audiences()));
                    a.auditAnnotations().forEach((k, v) -> out.println("  audit annotation " + k + ": " + v));
                    yield ExitCodes.OK;
                }
                case VerificationResult.Rejected r -> {
                    out.println("  would be REJECTED (" + r.reason() + "): " + r.message());
                    yield ExitCodes.FINDINGS;
                }
                case VerificationResult.NotMine n -> {
                    out.println("  not a token of " + String.join(", ", issuers)
                            + ": the authenticator would pass it on without an error");
                    yield ExitCodes.FINDINGS;
                }
            };
            out.flush();
            return code;
        }

        private static String readStdin() throws IOException {
            InputStream in = System.in;
            byte[] bytes = in.readNBytes(TokenVerifier.MAX_TOKEN_LENGTH + 16);
            return new String(bytes, StandardCharsets.US_ASCII);
        }

        private static JsonNode decode(String part, String what) {
            byte[] bytes;
            try {
                bytes = Base64.getUrlDecoder().decode(part);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the token " + what + " is not base64url: " + e.getMessage());
            }
            try {
                return JSON.readTree(bytes);
            } catch (tools.jackson.core.JacksonException e) {
                throw new IllegalArgumentException("the token " + what + " is not JSON: " + e.getOriginalMessage());
            }
        }

        private static String pretty(JsonNode node) {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        }

        private static String indent(String text) {
            return "  " + text.replace("\n", "\n  ");
        }
    }

    private static StaticTokenObjects loadState(Path state) throws IOException {
        return StaticTokenObjects.load(state);
    }

    /**
     * Without cluster state, inspect answers lookups with the objects the token claims, so that everything but the
     * cluster checks is still verified.
     */
    private static final class ClaimedObjects implements TokenObjects {
        private final JsonNode k8s;

        ClaimedObjects(JsonNode claims) {
            this.k8s = claims.path("kubernetes.io");
        }

        private String uid(String field, String name) {
            JsonNode ref = k8s.path(field);
            return ref.path("name").asString("").equals(name) ? ref.path("uid").asString("") : null;
        }

        @Override
        public Optional<ServiceAccount> serviceAccount(String namespace, String name) {
            String uid = uid("serviceaccount", name);
            return uid == null ? Optional.empty() : Optional.of(new ServiceAccountBuilder().withNewMetadata()
                    .withNamespace(namespace).withName(name).withUid(uid).endMetadata().build());
        }

        @Override
        public Optional<Pod> pod(String namespace, String name) {
            String uid = uid("pod", name);
            return uid == null ? Optional.empty() : Optional.of(new PodBuilder().withNewMetadata()
                    .withNamespace(namespace).withName(name).withUid(uid).endMetadata().build());
        }

        @Override
        public Optional<Secret> secret(String namespace, String name) {
            String uid = uid("secret", name);
            return uid == null ? Optional.empty() : Optional.of(new SecretBuilder().withNewMetadata()
                    .withNamespace(namespace).withName(name).withUid(uid).endMetadata().build());
        }

        @Override
        public Optional<Node> node(String name) {
            String uid = uid("node", name);
            return uid == null ? Optional.empty() : Optional.of(new NodeBuilder().withNewMetadata().withName(name).withUid(uid).endMetadata().build());
        }
    }
}
