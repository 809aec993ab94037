package org.mlops4j.cli;

import org.mlops4j.server.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mlops4j} command. */
@Command(name = "mlops4j", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "mlops4j: the machine-learning lifecycle on the JVM.",
        subcommands = {DemoCommand.class, ServerCommand.class, ServeCommand.class, DataCommand.class, TrainCommand.class,
                VersionCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests and embedding). */
    public static int run(String... args) {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("error: " + e.getMessage());
                    return 1;
                })
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"mlops4j " + Version.current()};
        }
    }
}
