package org.mlops4j.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * A fresh metadata database on disk for one backend, with the durability a production server has:
 * SQLite as {@code Database} configures it (WAL, synchronous=FULL), PostgreSQL with its own
 * defaults (fsync and synchronous_commit on).
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

    private BenchDatabase(Backend backend, String uri, EmbeddedPostgres postgres) {
        this.backend = backend;
        this.uri = uri;
        this.postgres = postgres;
    }

    static BenchDatabase start(Backend backend, Path workDir) throws IOException {
        Path dir = Files.createDirectories(workDir.resolve(backend.label()));
        if (backend == Backend.SQLITE) {
            return new BenchDatabase(backend, "sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath(), null);
        }
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                // The library turns synchronous_commit off by default; a benchmark of a durable
                // server must not, so set PostgreSQL's own default back. fsync is left at "on".
                .setServerConfig("synchronous_commit", "on")
                .setDataDirectory(dir.resolve("data"))
                .setCleanDataDirectory(true)
                .start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + PG_DATABASE);
        } catch (SQLException e) {
            postgres.close();
            throw new IllegalStateException("cannot create the benchmark database", e);
        }
        return new BenchDatabase(backend,
                "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + PG_DATABASE + "?user=postgres", postgres);
    }

    Backend backend() {
        return backend;
    }

    /** The backend store URI the server uses: full durability. */
    String uri() {
        return uri;
    }

    /**
     * The same database for bulk population, where each commit need not wait for the disk: the
     * data is what matters, not how durably it was loaded, and one fsync per run would make
     * loading 100,000 runs take many minutes. Nothing timed uses this URI.
     */
    String bulkLoadUri() {
        if (backend == Backend.SQLITE) {
            // sqlite-jdbc applies pragmas from the URL over the pool's data-source properties.
            return "jdbc:sqlite:" + uri.substring("sqlite:///".length()) + "?synchronous=OFF";
        }
        return uri + "&options=-c%20synchronous_commit%3Doff";
    }

    /**
     * Brings the database to the state a long-lived server would be in after a bulk load. On
     * PostgreSQL autovacuum would soon analyse the new tables; doing it now keeps that from
     * happening in the middle of a measurement. SQLite gets nothing: the server never runs ANALYZE.
     */
    void settleAfterBulkLoad() throws SQLException {
        if (backend == Backend.POSTGRESQL) {
            try (Connection connection = DriverManager.getConnection(uri);
                 Statement statement = connection.createStatement()) {
                statement.execute("VACUUM ANALYZE");
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }
}
