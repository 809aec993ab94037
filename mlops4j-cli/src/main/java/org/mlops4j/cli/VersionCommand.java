package org.mlops4j.cli;

import org.mlops4j.server.Version;
import picocli.CommandLine.Command;

@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the mlops4j version.")
final class VersionCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().println("mlops4j " + Version.current() + " (Java " + Runtime.version() + ")");
    }
}
