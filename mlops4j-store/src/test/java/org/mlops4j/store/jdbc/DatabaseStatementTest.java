package org.mlops4j.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlops4j.testkit.TestDatabases;
import org.mlops4j.testkit.TestDatabases.Backend;

/** {@link Database#statement}: kept per SQLite connection, for writes and reads; fresh on PostgreSQL. */
class DatabaseStatementTest {
    private static final String INSERT = "INSERT INTO counter (n) VALUES (?)";

    @TempDir
    Path dir;

    @Test
    void sqliteWrites_keepTheirStatementPerConnection() throws Exception {
        try (Database db = Database.open(TestDatabases.newDatabaseUri(Backend.SQLITE, dir))) {
            db.writeVoid(h -> h.execute("CREATE TABLE counter (n INTEGER NOT NULL)"));
            List<PreparedStatement> used = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                used.add(db.write(h -> insert(db.statement(h, INSERT), n)));
            }
            // Each connection the pool handed out prepared the statement once.
            assertThat(used.stream().distinct().count()).isLessThanOrEqualTo(8).isLessThan(used.size());
            assertThat(count(db)).isEqualTo(20);
        }
    }

    @Test
    void sqliteReads_keepTheirStatements_withoutHoldingASnapshot_andDropTheLeastRecentlyUsed() throws Exception {
        try (Database db = Database.open(TestDatabases.newDatabaseUri(Backend.SQLITE, dir))) {
            db.writeVoid(h -> h.execute("CREATE TABLE counter (n INTEGER NOT NULL)"));
            for (int i = 0; i < 3; i++) {
                int n = i;
                db.writeVoid(h -> insert(db.statement(h, INSERT), n));
            }
            String select = "SELECT n FROM counter ORDER BY n";
            List<PreparedStatement> used = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                List<Long> rows = new ArrayList<>();
                used.add(db.read(h -> {
                    new Sql().append(select).forEachRow(db, h, row -> rows.add(row.getLong(1)));
                    return db.statement(h, select);
                }));
                assertThat(rows).containsExactly(0L, 1L, 2L);
            }
            assertThat(used.stream().distinct().count()).isLessThanOrEqualTo(8).isLessThan(used.size());
            assertThat(used).allMatch(statement -> !isClosed(statement));

            // A reader that fails part-way leaves the statement reset too, and reusable.
            assertThatThrownBy(() -> db.read(h -> {
                new Sql().append(select).forEachRow(db, h, row -> {
                    throw new SQLException("the reader gives up after the first row");
                });
                return null;
            })).hasRootCauseMessage("the reader gives up after the first row");

            // A kept statement was reset when its rows closed: no reader pins the WAL, so a
            // checkpoint can copy every frame and truncate it (busy = 0, nothing left in the log).
            db.writeVoid(h -> insert(db.statement(h, INSERT), 3));
            List<Long> checkpoint = db.read(h -> h.createQuery("PRAGMA wal_checkpoint(TRUNCATE)")
                    .map((rs, ctx) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3))).one());
            assertThat(checkpoint).containsExactly(0L, 0L, 0L);

            db.read(h -> {
                PreparedStatement first = db.statement(h, "SELECT 0 FROM counter");
                for (int i = 1; i <= 64; i++) {
                    db.statement(h, "SELECT " + i + " FROM counter");
                }
                assertThat(isClosed(first)).as("dropped from the connection's 64 kept statements").isTrue();
                assertThat(isClosed(db.statement(h, "SELECT 64 FROM counter"))).isFalse();
                return null;
            });
        }
    }

    private static boolean isClosed(PreparedStatement statement) {
        try {
            return statement.isClosed();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void concurrentWrites_throughKeptStatements_loseNothing_andAFailedOneLeavesNoTrace(Backend backend) throws Exception {
        try (Database db = Database.open(TestDatabases.newDatabaseUri(backend, dir))) {
            db.writeVoid(h -> h.execute("CREATE TABLE counter (n INTEGER NOT NULL)"));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < 50; i++) {
                            int n = thread * 1000 + i;
                            db.writeVoid(h -> insert(db.statement(h, INSERT), n));
                        }
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            try {
                db.writeVoid(h -> {
                    insert(db.statement(h, INSERT), -1);
                    insert(db.statement(h, INSERT), null); // NOT NULL: the transaction rolls back
                });
            } catch (RuntimeException expected) {
                // the whole transaction is gone, and the kept statement still works afterwards
            }
            db.writeVoid(h -> insert(db.statement(h, INSERT), -2));
            assertThat(count(db)).isEqualTo(8 * 50 + 1);
        }
    }

    private static PreparedStatement insert(PreparedStatement statement, Integer n) {
        try {
            statement.setObject(1, n);
            statement.executeUpdate();
            return statement;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(Database db) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM counter").mapTo(Long.class).one());
    }
}
