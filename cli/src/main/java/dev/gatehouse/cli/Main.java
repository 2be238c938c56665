package dev.gatehouse.cli;

import java.util.List;
import picocli.CommandLine;

/**
 * Entry point of the runnable jar. Every subcommand is registered here, in one list, so that the command set is
 * visible in one place (and checked by {@code CommandsTest}).
 */
public final class Main {

    /** The subcommands of {@code gatehouse}, in the order {@code --help} lists them. */
    static List<Object> subcommands() {
        return List.of(
                new CheckCommand(),
                new ServeCommand(),
                new VerifyCommand(),
                new EvalCommand(),
                new TestCommand(),
                new TokenCommand(),
                new ConformanceCommand());
    }

    /** Builds the command line with exit codes and error handling as documented: 0 ok, 1 findings, 2 usage/input. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new GatehouseCommand());
        for (Object sub : subcommands()) {
            cli.addSubcommand(sub);
        }
        // Descriptions are written as lines of up to ~110 characters; a wider help keeps them whole.
        cli.setUsageHelpWidth(120);
        cli.setExecutionExceptionHandler(new ErrorHandler());
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        return cli;
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        if (code != 0 || !ServeLifecycle.keepsRunning()) {
            System.exit(code);
        }
    }

    private Main() {}
}
