package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code gatehouse verify}'s progress line: only on request or on a terminal, never in piped output. */
class VerifyProgressTest {

    record Run(int code, String out, String err) {}

    private static Run run(String... args) throws Exception {
        String suite = Path.of(VerifyProgressTest.class.getResource("/verify/needsteam/suite.yaml").toURI()).toString();
        CommandLine cli = new CommandLine(new VerifyCommand());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] full = new String[args.length + 1];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = suite;
        int code = cli.execute(full);
        return new Run(code, out.toString(), err.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "--progress draws one updating line and erases it at the end, --progress",
    })
    void requestedProgressIsOneErasedLineOnStandardError(String description, String flag) throws Exception {
        Run run = run(flag, "--engine", "cel");
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
        Run run = run(flag);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).doesNotContain("\r");
    }
}
