package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RegoCommandsTest {

    @TempDir
    Path dir;

    private static CliRun run(Object command, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.setExecutionExceptionHandler(new ErrorHandler());
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        return CliRun.execute(cli, args);
    }

    @Test
    void eval_printsOpaStyleJson() throws Exception {
        Files.writeString(dir.resolve("p.rego"), "package authz\nallow if input.user in data.admins\n");
        Files.writeString(dir.resolve("d.json"), "{\"admins\": [\"ann\"]}");
        Files.writeString(dir.resolve("i.json"), "{\"user\": \"ann\"}");
        CliRun r = run(new EvalCommand(), "-d", dir.toString(), "-i", dir.resolve("i.json").toString(), "data.authz.allow");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"value\": true").contains("\"text\": \"data.authz.allow\"");
    }

    @Test
    void eval_reportsPolicyErrorsWithCodeAndExit2() throws Exception {
        Files.writeString(dir.resolve("p.rego"), "package authz\nallow if { x > 1 }\n");
        CliRun r = run(new EvalCommand(), "-d", dir.toString(), "data.authz.allow");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(r.err()).contains("p.rego:2: rego_unsafe_var_error: var x is unsafe");
    }

    @Test
    void conformance_runsCasesAndAppliesTheFloor() throws Exception {
        Path cases = Files.createDirectories(dir.resolve("v1").resolve("basic"));
        Files.writeString(cases.resolve("t.yaml"), """
                cases:
                  - note: passes
                    query: x := 1
                    want_result:
                      - x: 1
                  - note: fails
                    query: x := 1
                    want_result:
                      - x: 2
                """);
        CliRun ok = run(new RegoConformanceCommand(), dir.toString(), "--rego-version", "v1", "--floor", "50");
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("v1/basic").endsWith("1 passed, 1 failed\n");
        CliRun below = run(new RegoConformanceCommand(), dir.toString(), "--rego-version", "v1", "--floor", "75", "-v");
        assertThat(below.code()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(below.out()).contains("FAIL v1/basic/t.yaml [fails]");
        assertThat(below.err()).contains("below the floor");
    }

    @Test
    void conformance_rejectsAnUnknownVersion() {
        CliRun r = run(new RegoConformanceCommand(), dir.toString(), "--rego-version", "v9");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
    }
}
