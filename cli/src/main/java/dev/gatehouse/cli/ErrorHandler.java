package dev.gatehouse.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an unexpected exception into one readable line and exit code 2: users never see a stack trace unless
 * they ask for it with GATEHOUSE_DEBUG=1.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        cmd.getErr().println("gatehouse " + cmd.getCommandName() + ": error: " + message);
        if ("1".equals(System.getenv("GATEHOUSE_DEBUG"))) {
            ex.printStackTrace(cmd.getErr());
        }
        return ExitCodes.USAGE_OR_INPUT;
    }
}
