package org.mlops4j.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Runs a server in a child JVM for tests that need a separate process (a small heap, kill -9).
 * Args: backend store URI, artifacts destination, and optionally a file and a delay in ms: then a
 * subscriber named "sink" appends each event to that file, slowly, as a lagging consumer would.
 * Prints {@code PORT <n>} once listening.
 */
public final class StandaloneServerMain {
    private StandaloneServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // Test models (test:/name/threshold) are loadable, so scoring can be exercised in the child.
        MlopsServer server = MlopsServer.start(new ServerConfig("127.0.0.1", 0, args[0], args[1]),
                (registry, artifacts) -> org.mlops4j.serving.ThresholdModel.loader());
        if (args.length >= 4) {
            Path sink = Path.of(args[2]);
            long delay = Long.parseLong(args[3]);
            server.events().subscribe("sink", event -> {
                Thread.sleep(delay);
                Files.writeString(sink, EventLine.of(event) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.SYNC);
            });
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close)); // a SIGTERM stops it cleanly
        System.out.println("PORT " + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
