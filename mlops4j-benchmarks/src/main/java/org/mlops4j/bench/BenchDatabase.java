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
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mlops4j.store.jdbc.Database;

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
        if (postgres != null) {
            postgres.close();
        }
    }
}
