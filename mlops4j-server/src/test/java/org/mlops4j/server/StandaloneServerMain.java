package org.mlops4j.server;

/**
 * Runs a server in a child JVM for tests that need a separate process (a small heap, kill -9).
 * Args: backend store URI, artifacts destination. Prints {@code PORT <n>} once listening.
 */
public final class StandaloneServerMain {
    private StandaloneServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        MlopsServer server = MlopsServer.start(new ServerConfig("127.0.0.1", 0, args[0], args[1]));
        System.out.println("PORT " + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
