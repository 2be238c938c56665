package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TokenCommandTest {

    @TempDir
    Path dir;

    static CliRun run(String... args) {
        CommandLine cli = new CommandLine(new TokenCommand());
        cli.setExecutionExceptionHandler(new ErrorHandler());
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        return CliRun.execute(cli, args);
    }

    static final String ISSUER = "https://kubernetes.default.svc.cluster.local";

    @Test
    void keygenIssueInspect_roundTrip() throws Exception {
        CliRun keygen = run("keygen", "--algorithm", "ES256", "--out", dir.resolve("keys").toString());
        assertThat(keygen.code()).isZero();
        assertThat(keygen.out()).contains("kid:").contains("sa.key");

        Path state = dir.resolve("state.yaml");
        Files.writeString(state, """
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: builder, namespace: ci, uid: sa-uid-1}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: web-0, namespace: ci, uid: pod-uid-1}
                spec: {serviceAccountName: builder, nodeName: node-a}
                """);
        CliRun issue = run("issue", "--keys", dir.resolve("keys").toString(), "--issuer", ISSUER, "-n", "ci",
                "--service-account", "builder", "--audience", "vault", "--expiration-seconds", "7200",
                "--max-expiration-seconds", "3600", "--bound-kind", "Pod", "--bound-name", "web-0", "--state", state.toString());
        assertThat(issue.code()).as(issue.err()).isZero();
        assertThat(issue.err()).isEqualTo("Warning: requested expiration of 7200 seconds shortened to 3600 seconds" + System.lineSeparator());
        String token = issue.out().strip();
        assertThat(token.split("\\.")).hasSize(3);

        CliRun inspect = run("inspect", "--keys", dir.resolve("keys").toString(), "--issuer", ISSUER, "--audience", "vault",
                "--state", state.toString(), token);
        assertThat(inspect.code()).as(inspect.out() + inspect.err()).isZero();
        assertThat(inspect.out()).contains("\"alg\" : \"ES256\"").contains("system:serviceaccount:ci:builder")
                .contains("would authenticate as system:serviceaccount:ci:builder (uid sa-uid-1)")
                .contains("extra authentication.kubernetes.io/pod-name: web-0")
                .contains("extra authentication.kubernetes.io/node-name: node-a");

        CliRun wrongAudience = run("inspect", "--keys", dir.resolve("keys").toString(), "--issuer", ISSUER, "--state", state.toString(), token);
        assertThat(wrongAudience.code()).isEqualTo(1);
        assertThat(wrongAudience.out()).contains("would be REJECTED (INVALID_AUDIENCE): token audiences [\"vault\"] is invalid for the target audiences");

        CliRun plain = run("inspect", token);
        assertThat(plain.code()).isZero();
        assertThat(plain.out()).contains("exp = ").doesNotContain("verification");
    }

    @Test
    void issueWithoutState_takesUidsFromOptions() {
        run("keygen", "--algorithm", "RS256", "--out", dir.toString());
        CliRun issue = run("issue", "--keys", dir.toString(), "--issuer", ISSUER, "--service-account", "default",
                "--service-account-uid", "u-1", "--bound-kind", "Secret", "--bound-name", "s", "--bound-uid", "s-1");
        assertThat(issue.code()).as(issue.err()).isZero();
        CliRun inspect = run("inspect", "--keys", dir.toString(), "--issuer", ISSUER, issue.out().strip());
        assertThat(inspect.code()).isZero();
        assertThat(inspect.out()).contains("no --state").contains("(uid u-1)");
    }

    @Test
    void errors_areOneLineWithoutStackTraces() {
        CliRun badKeys = run("issue", "--keys", dir.resolve("missing").toString(), "--issuer", ISSUER, "--service-account", "x");
        assertThat(badKeys.code()).isEqualTo(2);
        assertThat(badKeys.err()).contains("no such file or directory").doesNotContain("\tat ");

        run("keygen", "--out", dir.toString());
        CliRun tooShort = run("issue", "--keys", dir.toString(), "--issuer", ISSUER, "--service-account", "x", "--expiration-seconds", "60");
        assertThat(tooShort.code()).isEqualTo(2);
        assertThat(tooShort.err()).contains("may not specify a duration less than 10 minutes").doesNotContain("\tat ");

        CliRun garbage = run("inspect", "not-a-token");
        assertThat(garbage.code()).isEqualTo(2);
        assertThat(garbage.err()).contains("not a compact JWT").doesNotContain("\tat ");

        CliRun badAlg = run("keygen", "--algorithm", "HS256", "--out", dir.toString());
        assertThat(badAlg.code()).isEqualTo(2);
        assertThat(badAlg.err()).contains("HS256");
    }

    @Test
    void help_showsExamples() {
        CliRun help = run("--help");
        assertThat(help.out()).contains("keygen").contains("issue").contains("inspect").contains("Examples:");
    }
}
