package org.mlops4j.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real databases for tests. PostgreSQL is a real server (binaries from Maven Central) started once
 * per JVM and stopped at exit; every caller gets a database of its own, so tests never share state.
 */
public final class TestDatabases {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabases() {
    }

    /** Which backend a parameterised test runs against. */
    public enum Backend { SQLITE, POSTGRESQL }

    /** A backend store URI for a new, empty database of the given kind. */
    public static String newDatabaseUri(Backend backend, Path tempDir) {
        return backend == Backend.SQLITE ? newSqliteUri(tempDir) : newPostgresUri();
    }

    public static String newSqliteUri(Path tempDir) {
        return "sqlite:///" + tempDir.resolve("mlops4j-" + COUNTER.incrementAndGet() + ".db").toAbsolutePath();
    }

    /** Creates a fresh database on the shared PostgreSQL server and returns its URI. */
    public static synchronized String newPostgresUri() {
        EmbeddedPostgres server = server();
        String name = "test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return "jdbc:postgresql://localhost:" + server.getPort() + "/" + name + "?user=postgres";
    }

    private static EmbeddedPostgres server() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "off") // tests need speed, not durability across power loss
                        .setServerConfig("max_connections", "300")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // The JVM is exiting; the data directory is temporary.
                }
            }));
        }
        return postgres;
    }
}
