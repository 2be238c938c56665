package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The meta-test over the command registry in {@link Main}: every command documents itself and answers --help. */
class CommandsTest {

    @Test
    void everyCommandHasADescriptionAndAnswersHelpWithExitZero() {
        CommandLine root = Main.commandLine();
        assertHelp(root);
        for (Map.Entry<String, CommandLine> sub : root.getSubcommands().entrySet()) {
            assertHelp(sub.getValue());
            for (CommandLine nested : sub.getValue().getSubcommands().values()) {
                assertHelp(nested);
            }
        }
    }

    @Test
    void unknownOptionIsAUsageErrorWithExitTwo() {
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("--no-such-option");
        assertThat(code).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(err.toString()).contains("--no-such-option").contains("--help");
    }

    private static void assertHelp(CommandLine cmd) {
        assertThat(cmd.getCommandSpec().usageMessage().description())
                .as("description of '%s'", cmd.getCommandSpec().qualifiedName())
                .isNotEmpty();
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        int code = cmd.execute("--help");
        assertThat(code).as("exit code of '%s --help'", cmd.getCommandSpec().qualifiedName()).isZero();
        assertThat(out.toString()).contains("Usage:");
    }
}
