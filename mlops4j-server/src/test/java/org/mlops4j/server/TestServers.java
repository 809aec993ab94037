package org.mlops4j.server;

import java.nio.file.Path;
import org.mlops4j.testkit.TestDatabases;
import org.mlops4j.testkit.TestDatabases.Backend;

/** Starts a real server on a free loopback port, on a fresh database of the chosen backend. */
public final class TestServers {
    private TestServers() {
    }

    public static MlopsServer start(Backend backend, Path dir) {
        return MlopsServer.start(new ServerConfig("127.0.0.1", 0, TestDatabases.newDatabaseUri(backend, dir),
                dir.resolve("artifacts-" + backend).toString()));
    }
}
