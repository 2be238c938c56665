package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VerifyCommandTest {
    private static final Path LIBRARY = Path.of(System.getProperty("gatehouse.gatekeeperLibrary",
            "/work/shared/conformance/gatekeeper-library"));

    @TempDir
    Path temp;

    private static CliRun run(String... args) {
        return CliRun.execute(new CommandLine(new VerifyCommand()), args);
    }

    private static String resource(String name) throws Exception {
        return Path.of(VerifyCommandTest.class.getResource("/verify/" + name).toURI()).toString();
    }

    @Test
    void verify_passingSuite_countsCasesAndSkipsRegoOnlyWithReason() throws Exception {
        CliRun run = run("--engine", "cel", resource("needsteam/suite.yaml"));
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("ok\t").contains("PASS\n")
                .contains("=== SKIP  always-violates\ttemplate k8sregoonly needs the Rego engine");
        assertThat(run.out().strip()).endsWith("5 passed, 0 failed");
        assertThat(run.out()).contains("2 skipped");
    }

    @Test
    void verify_verbose_printsEveryTestAndCase() throws Exception {
        CliRun run = run("-v", resource("needsteam"));
        assertThat(run.out()).contains("=== RUN   needs-team", "    --- PASS: labelled-pod-in-prod",
                "    === SKIP  skipped-case", "--- PASS: bad-parameters-are-rejected");
    }

    @Test
    void verify_filter_runsOnlyMatchingCases() throws Exception {
        CliRun run = run("-r", "needs-team//in-dev", resource("needsteam/suite.yaml"));
        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.out().strip()).endsWith("1 passed, 0 failed");
    }

    @Test
    void verify_failingSuite_reportsWhyAndExitsOne() throws Exception {
        CliRun run = run(resource("failing/suite.yaml"));
        assertThat(run.code()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.out())
                .contains("--- FAIL: expects-a-violation-that-is-not-there")
                .contains("got 0 violations but want at least 1: got messages []")
                .contains("--- FAIL: broken-object")
                .contains("--- FAIL: unknown-template-kind")
                .contains("not a ConstraintTemplate (kind K8sNeedsTeam")
                .contains("FAIL\t");
        assertThat(run.out().strip()).endsWith("0 passed, 3 failed");
    }

    @Test
    void verify_recursivePattern_findsSuitesBelow() throws Exception {
        Path root = Path.of(resource("needsteam")).getParent();
        CliRun run = run("--engine", "cel", root + "/...");
        assertThat(run.out()).contains("needsteam/suite.yaml").contains("failing/suite.yaml");
        assertThat(run.out().strip()).endsWith("5 passed, 3 failed");
        assertThat(run.code()).isEqualTo(ExitCodes.FINDINGS);
    }

    @Test
    void verify_badUsage_exitsTwo() throws Exception {
        assertThat(run("--engine", "wasm", resource("needsteam")).code()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(run("-r", "a//b//c", resource("needsteam")).code()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        CliRun missing = run(temp.resolve("nothing-here").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(missing.err()).contains("no such file or directory");
    }

    @Test
    void verify_brokenSuiteFile_namedAsInputError() throws Exception {
        Path suite = temp.resolve("suite.yaml");
        Files.writeString(suite, "kind: Suite\napiVersion: test.gatekeeper.sh/v1alpha1\ntests: [\n");
        CliRun run = run(suite.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(run.err()).contains(suite.toString()).contains("cannot parse");
    }

    @Test
    void verify_gatekeeperLibraryWithCel_everyCelCasePasses() {
        assumeTrue(Files.isDirectory(LIBRARY.resolve("library")), "Gatekeeper library not found at " + LIBRARY);
        CliRun run = run("--engine", "cel", LIBRARY.resolve("library") + "/...");
        assertThat(run.code()).as(run.out()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).doesNotContain("--- FAIL");
    }
    @Test
    void verify_gatekeeperLibraryWithRego_inventoryAndPodSecuritySuitesPass() {
        Path library = LIBRARY.resolve("library");
        assumeTrue(Files.isDirectory(library), "Gatekeeper library not found at " + LIBRARY);
        CliRun run = run("--engine", "rego", "-v",
                library.resolve("general/uniqueingresshost/suite.yaml").toString(),
                library.resolve("pod-security-policy/privileged-containers/suite.yaml").toString(),
                // Its RunAsAny cases need OPA's negation of a function call with an undefined argument.
                library.resolve("pod-security-policy/users/suite.yaml").toString());
        assertThat(run.code()).as(run.out()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).doesNotContain("--- FAIL").doesNotContain("SKIP")
                .contains("--- PASS: unique-ingress-host");
    }

    @Test
    void verify_regoOnlyTemplateWithAuto_runsOnTheRegoDriver() throws Exception {
        CliRun run = run("-v", "--engine", "auto", resource("needsteam/suite.yaml"));
        assertThat(run.code()).as(run.out()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("--- PASS: always-violates").doesNotContain("needs the Rego engine");
    }
}
