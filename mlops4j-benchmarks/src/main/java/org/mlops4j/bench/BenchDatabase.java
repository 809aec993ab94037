package org.mlops4j.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mlops4j.store.jdbc.Database;

/**
 * A fresh metadata database on disk for one backend, with the durability a production server has:
 * SQLite as {@code Database} configures it (WAL, synchronous=FULL), PostgreSQL with its own
 * defaults (fsync and synchronous_commit on), checked after start.
 */
final class BenchDatabase implements AutoCloseable {
    enum Backend {
        SQLITE, POSTGRESQL;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final String PG_DATABASE = "mlops4j_bench";

    private final Backend backend;
    private final String uri;
    private final EmbeddedPostgres postgres;
    private final Thread stopOnExit;
    private final AtomicBoolean closed = new AtomicBoolean();

    private BenchDatabase(Backend backend, String uri, EmbeddedPostgres postgres) {
        this.backend = backend;
        this.uri = uri;
        this.postgres = postgres;
        // An interrupted benchmark (Ctrl-C) must not leave a PostgreSQL server running.
        this.stopOnExit = new Thread(this::closeQuietly);
        if (postgres != null) {
            Runtime.getRuntime().addShutdownHook(stopOnExit);
        }
    }

    static BenchDatabase start(Backend backend, Path workDir) throws IOException {
        Path dir = Files.createDirectories(workDir.resolve(backend.label()));
        if (backend == Backend.SQLITE) {
            return new BenchDatabase(backend, "sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath(), null);
        }
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                // The library starts PostgreSQL with -F (fsync off) and synchronous_commit off, for
                // tests. A benchmark of a durable server puts PostgreSQL's own defaults back; a -c
                // option given after -F wins.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setDataDirectory(dir.resolve("data"))
                .setCleanDataDirectory(true)
                .start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            requireSetting(statement, "fsync", "on");
            requireSetting(statement, "synchronous_commit", "on");
            statement.execute("CREATE DATABASE " + PG_DATABASE);
        } catch (SQLException | IllegalStateException e) {
            postgres.close();
            throw new IllegalStateException("cannot prepare the benchmark database", e);
        }
        return new BenchDatabase(backend,
                "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + PG_DATABASE + "?user=postgres", postgres);
    }

    /** Figures from a server that does not reach the disk would flatter it: refuse to go on. */
    private static void requireSetting(Statement statement, String name, String expected) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SHOW " + name)) {
            String actual = rs.next() ? rs.getString(1) : null;
            if (!expected.equals(actual)) {
                throw new IllegalStateException("PostgreSQL runs with " + name + "=" + actual + ", expected " + expected);
            }
        }
    }

    Backend backend() {
        return backend;
    }

    /** The backend store URI the server uses: full durability. */
    String uri() {
        return uri;
    }

    /**
     * The same database for bulk population, where commits need not wait for the disk: the data is
     * what matters, not how durably it was loaded, and one fsync per call makes loading 100,000
     * runs take many minutes. Nothing timed uses this handle.
     */
    Database openForBulkLoad() throws SQLException {
        if (backend == Backend.POSTGRESQL) {
            return Database.open(uri + "&options=-c%20synchronous_commit%3Doff");
        }
        Database database = Database.open(uri);
        try {
            relaxSqliteSync(database);
        } catch (SQLException | RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /**
     * {@code Database} fixes synchronous=FULL as a data-source property, which wins over pragmas in
     * the URL. The setting is per connection, so borrow every connection the pool will ever hold
     * at once and change it on each; the pool keeps them (minimum idle = maximum size).
     */
    private static void relaxSqliteSync(Database database) throws SQLException {
        HikariDataSource pool = (HikariDataSource) database.dataSource();
        List<Connection> borrowed = new ArrayList<>();
        try {
            for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
                Connection connection = pool.getConnection();
                borrowed.add(connection);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("PRAGMA synchronous = OFF");
                }
            }
        } finally {
            for (Connection connection : borrowed) {
                connection.close();
            }
        }
    }

    /**
     * Brings the database to the state a long-lived server would be in after a bulk load, so that
     * background work does not land in the middle of a measurement: the loaded pages are flushed to
     * disk, and on PostgreSQL the new tables are analysed, as autovacuum soon would. SQLite gets no
     * ANALYZE: the server never runs it.
     */
    void settleAfterBulkLoad() throws SQLException, IOException {
        if (backend == Backend.POSTGRESQL) {
            try (Connection connection = DriverManager.getConnection(uri);
                 Statement statement = connection.createStatement()) {
                statement.execute("VACUUM ANALYZE");
                statement.execute("CHECKPOINT");
            }
        } else {
            try (FileChannel file = FileChannel.open(Path.of(uri.substring("sqlite:///".length())),
                    StandardOpenOption.WRITE)) {
                file.force(true);
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (postgres != null && closed.compareAndSet(false, true)) {
            postgres.close();
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
    }

    private void closeQuietly() {
        try {
            if (closed.compareAndSet(false, true)) {
                postgres.close();
            }
        } catch (IOException ignored) {
            // The JVM is exiting; nothing more can be done.
        }
    }
}
