package org.mlops4j.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToCreateStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata database: a connection pool, a {@link Jdbi} on it, and each module's migrations.
 *
 * <p>Durability: SQLite runs in WAL mode with {@code synchronous=FULL}, so a transaction that
 * returned has reached the disk. SQLite allows one writer at a time; write transactions are
 * therefore serialised in-process by a fair lock (and begun IMMEDIATE), which is cheaper and fairer
 * than letting 32 threads spin on SQLITE_BUSY. Reads run concurrently on other connections.
 *
 * <p>Thread-safe.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final DatabaseUrl url;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final ReentrantLock sqliteWriteLock = new ReentrantLock(true);
    /** Statements kept per SQLite connection for write transactions; guarded by {@link #sqliteWriteLock}. */
    private final Map<Connection, Map<String, PreparedStatement>> keptStatements = new IdentityHashMap<>();
    /** Read statements kept per SQLite connection (see {@link #statement}); each map is used by the connection's holder. */
    private final Map<Connection, Map<String, PreparedStatement>> keptReadStatements =
            Collections.synchronizedMap(new IdentityHashMap<>());
    private static final int KEPT_READ_STATEMENTS = 64;

    private Database(DatabaseUrl url, HikariDataSource dataSource) {
        this.url = url;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
    }

    /** Opens a pool on the database named by a backend store URI (see {@link DatabaseUrl}). */
    public static Database open(String backendStoreUri) {
        DatabaseUrl url = DatabaseUrl.parse(backendStoreUri);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setPoolName("mlops4j-" + url.dialect().migrationFolder());
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        if (url.dialect() == SqlDialect.SQLITE) {
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "FULL");
            config.addDataSourceProperty("foreign_keys", "true");
            config.addDataSourceProperty("busy_timeout", "30000");
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            config.addDataSourceProperty("case_sensitive_like", "true");
            // The default 2 MB page cache made a search over 100,000 runs spend 0.5 s re-reading pages.
            config.addDataSourceProperty("cache_size", "-131072"); // 128 MiB per connection, allocated lazily
            config.addDataSourceProperty("mmap_size", "1073741824");
            config.setMaximumPoolSize(8);
        } else {
            // One multi-row INSERT per batch instead of a round trip per row (log-batch).
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
            config.setMaximumPoolSize(16);
        }
        LOG.info("opening {} database {}", url.dialect(), DatabaseUrl.redact(url.jdbcUrl()));
        return new Database(url, new HikariDataSource(config));
    }

    public SqlDialect dialect() {
        return url.dialect();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /**
     * Applies a module's migrations from {@code classpath:db/<module>/<dialect>}. Each module keeps
     * its own history table, so modules migrate independently and in any order.
     */
    public void migrate(String module) {
        Flyway.configure(Database.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/" + module + "/" + dialect().migrationFolder())
                .table("schema_history_" + module)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    /** Runs a read (autocommit) on a pooled connection. */
    public <T> T read(HandleCallback<T, RuntimeException> callback) {
        return jdbi.withHandle(callback);
    }

    /**
     * Runs a read in a transaction: on PostgreSQL a query with a fetch size then streams its rows
     * through a cursor instead of loading them all.
     */
    public <T> T readStreaming(HandleCallback<T, RuntimeException> callback) {
        return jdbi.inTransaction(callback);
    }

    /** Runs a write transaction: all of it commits durably, or none of it. */
    public <T> T write(HandleCallback<T, RuntimeException> callback) {
        return oneWriterOnSqlite(() -> jdbi.inTransaction(callback));
    }

    /**
     * Runs a write that is a single statement, atomic by itself, in autocommit: its commit then
     * travels with it, one round trip to PostgreSQL instead of two. Durable once it returns.
     */
    public <T> T writeStatement(HandleCallback<T, RuntimeException> callback) {
        return oneWriterOnSqlite(() -> jdbi.withHandle(callback));
    }

    /** SQLite has one writer: writes wait here, in-process and in order, rather than on its busy timeout. */
    private <T> T oneWriterOnSqlite(Supplier<T> write) {
        if (dialect() != SqlDialect.SQLITE) {
            return write.get();
        }
        sqliteWriteLock.lock();
        try {
            return write.get();
        } finally {
            sqliteWriteLock.unlock();
        }
    }

    /**
     * A prepared statement for {@code sql} on the handle's connection, which the caller must not
     * close, nor use again before it has read all of the rows it asked for. On SQLite it is prepared
     * once per connection and kept: preparing three statements was a sixth of a single-metric write,
     * and preparing the four statements of a search a fifteenth of it. Inside a write transaction
     * the writes are serialised on one lock; a read statement is kept among the last
     * {@value #KEPT_READ_STATEMENTS} of its connection, which one thread at a time holds. A kept
     * statement is reset when its rows are closed, so it never holds a read snapshot open. On
     * PostgreSQL it is a new statement, closed with the handle (the driver keeps server-side
     * prepared statements of its own).
     */
    public PreparedStatement statement(Handle h, String sql) {
        try {
            if (dialect() != SqlDialect.SQLITE) {
                PreparedStatement fresh = h.getConnection().prepareStatement(sql);
                h.addCleanable(fresh::close);
                return fresh;
            }
            // The pool's proxy closes the statements made through it when the connection goes back;
            // these are made on the connection underneath, and die with it.
            Connection physical = h.getConnection().unwrap(Connection.class);
            if (!sqliteWriteLock.isHeldByCurrentThread()) {
                Map<String, PreparedStatement> kept = keptReadStatements.get(physical);
                if (kept == null) {
                    keptReadStatements.keySet().removeIf(Database::isClosed); // connections the pool has retired
                    kept = Collections.synchronizedMap(new LeastRecentlyUsed());
                    keptReadStatements.put(physical, kept);
                }
                return kept(kept, physical, sql);
            }
            Map<String, PreparedStatement> kept = keptStatements.get(physical);
            if (kept == null) {
                keptStatements.keySet().removeIf(Database::isClosed);
                kept = new HashMap<>();
                keptStatements.put(physical, kept);
            }
            return kept(kept, physical, sql);
        } catch (SQLException e) {
            throw new UnableToCreateStatementException(e, null);
        }
    }

    private static PreparedStatement kept(Map<String, PreparedStatement> kept, Connection physical, String sql)
            throws SQLException {
        PreparedStatement statement = kept.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = physical.prepareStatement(sql);
            kept.put(sql, statement);
        }
        return statement;
    }

    /** A connection's read statements, the least recently used closed beyond {@link #KEPT_READ_STATEMENTS}. */
    private static final class LeastRecentlyUsed extends LinkedHashMap<String, PreparedStatement> {
        LeastRecentlyUsed() {
            super(16, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= KEPT_READ_STATEMENTS) {
                return false;
            }
            try {
                eldest.getValue().close();
            } catch (SQLException e) {
                LOG.debug("closing a statement dropped from the cache failed", e);
            }
            return true;
        }
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** Convenience for writes with no result. */
    public void writeVoid(java.util.function.Consumer<Handle> body) {
        write(handle -> {
            body.accept(handle);
            return null;
        });
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
