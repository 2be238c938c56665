package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConformanceCommandTest {

    private static final Path UPSTREAM = Path.of("/work/shared/conformance/pod-security");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new ConformanceCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void podSecurity_upstreamFixtures_allPassAndExitZero() {
        assumeTrue(Files.isDirectory(UPSTREAM), "upstream Pod Security fixtures not present");

        int code = run("pod-security", UPSTREAM.toString());

        String[] lines = out.toString().strip().split("\n");
        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("restricted   v1.37");
        assertThat(lines[lines.length - 1]).matches("[1-9][0-9]* passed, 0 failed");
    }

    @Test
    void podSecurity_failingFixture_isListedAndExitsOne(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("EXPECTED.md"), "    privilegedN   \"privileged\"\n");
        Path fail = Files.createDirectories(dir.resolve("testdata/baseline/v1.0/fail"));
        Files.writeString(fail.resolve("privileged0.yaml"), "kind: Pod\nspec:\n  containers: [{name: a}]\n");

        int code = run("pod-security", dir.toString());

        assertThat(code).isEqualTo(ExitCodes.FINDINGS);
        assertThat(out.toString())
                .contains("baseline     v1.0           0       1")
                .contains("privileged0.yaml")
                .contains("expected: denied with \"privileged\"")
                .contains("actual:   allowed")
                .endsWith("0 passed, 1 failed" + System.lineSeparator());
    }

    @Test
    void podSecurity_missingFolder_exitsTwo(@TempDir Path dir) {
        int code = run("pod-security", dir.resolve("absent").toString());

        assertThat(code).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(err.toString()).contains("does not exist");
    }

    @Test
    void withoutSubcommand_showsUsageAndExitsTwo() {
        int code = run();

        assertThat(code).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(err.toString()).contains("pod-security");
    }
}
