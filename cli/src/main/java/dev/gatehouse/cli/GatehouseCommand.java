package dev.gatehouse.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command: prints help when called without a subcommand. Subcommands are listed in {@link Main}. */
@Command(
        name = "gatehouse",
        mixinStandardHelpOptions = true,
        versionProvider = GatehouseCommand.Version.class,
        description = {
            "Access control and policy for Kubernetes: Pod Security Standards, Gatekeeper-style constraints,",
            "bound service account tokens. The same policies run at admission, in audit and offline."
        },
        footer = {"", "Run 'gatehouse <command> --help' for a command's options."})
final class GatehouseCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = GatehouseCommand.class.getPackage().getImplementationVersion();
            return new String[] {"gatehouse " + (version == null ? "development build" : version)};
        }
    }
}
