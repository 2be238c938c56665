package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code gatehouse verify}'s progress line: only on request or on a terminal, never in piped output. */
class VerifyProgressTest {

    private static CliRun run(String... args) throws Exception {
        String suite = Path.of(VerifyProgressTest.class.getResource("/verify/needsteam/suite.yaml").toURI()).toString();
        String[] full = java.util.Arrays.copyOf(args, args.length + 1);
        full[args.length] = suite;
        return CliRun.execute(new CommandLine(new VerifyCommand()), full);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "--progress draws one updating line and erases it at the end, --progress",
    })
    void requestedProgressIsOneErasedLineOnStandardError(String description, String flag) throws Exception {
        CliRun run = run(flag, "--engine", "cel");
        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).startsWith("\r\033[K[1/1] ").contains("suite.yaml").endsWith("\r\033[K");
        assertThat(run.out()).doesNotContain("\r").doesNotContain("[1/1]");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "--no-progress prints nothing on standard error,                            --no-progress",
        "without a flag and without a terminal (as in this test) prints nothing,    --engine=cel",
    })
    void noProgressWhenNotWantedOrNotOnATerminal(String description, String flag) throws Exception {
        CliRun run = run(flag);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).doesNotContain("\r");
    }
}
