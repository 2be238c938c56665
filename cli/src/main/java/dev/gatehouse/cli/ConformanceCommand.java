package dev.gatehouse.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse conformance}: runs upstream conformance material against Gatehouse's engines, one subcommand
 * per engine. The material is read in place from the folder given; nothing is copied into the project.
 *
 * <p>To add an engine, list its command class in {@code subcommands}.
 */
@Command(
        name = "conformance",
        mixinStandardHelpOptions = true,
        description = "Run upstream conformance fixtures and report which pass.",
        subcommands = {
            PodSecurityConformanceCommand.class,
            RegoConformanceCommand.class,
        },
        footer = {"", "Exit codes: 0 all fixtures pass, 1 some fail, 2 bad usage or unreadable folder."})
public final class ConformanceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Without a subcommand there is nothing to run: show what can be, and report a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE_OR_INPUT;
    }
}
