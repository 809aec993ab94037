package org.mlops4j.tracking.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import org.jdbi.v3.core.Handle;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.store.jdbc.SqlDialect;
import org.mlops4j.tracking.Metric;

/**
 * Appends points to the metric history, on each database the way it takes a log-batch of 1,000
 * points fastest. Plain JDBC: Jdbi's per-argument binding cost more than SQLite's inserts.
 * <ul>
 *   <li>SQLite: statements of {@value #ROWS_PER_STATEMENT} rows, then a batch of one-row statements
 *       for the rest, prepared once per connection ({@link Database#statement}). A row statement
 *       per point spent a fifth of the insert crossing JNI: each of sqlite-jdbc's binds, steps and
 *       resets is a native call. The run is bound once per statement.
 *   <li>PostgreSQL: one statement over arrays, one per column. The driver's rewrite of a batch into
 *       multi-row VALUES took a quarter longer: statements of hundreds of parameters to parse.
 * </ul>
 * NaN is stored as 0 with {@code is_nan} set, on both databases.
 */
final class MetricHistoryWriter {
    private static final String COLUMNS = "metrics (run_uuid, key, value, timestamp, step, is_nan)";
    private static final String SKIP_LOGGED = " ON CONFLICT DO NOTHING";
    private static final String INSERT_ROW = "INSERT INTO " + COLUMNS + " VALUES (?, ?, ?, ?, ?, ?)";
    static final int ROWS_PER_STATEMENT = 100;
    /**
     * SQLite: {@value #ROWS_PER_STATEMENT} points after the run (parameter 1), each as key, value,
     * timestamp, step, is_nan. {@code WHERE true} keeps an upsert clause from being read as a join's ON.
     */
    private static final String INSERT_ROWS = "INSERT INTO " + COLUMNS + " SELECT ?1, column1, column2, column3, "
            + "column4, column5 FROM (VALUES " + String.join(", ", Collections.nCopies(ROWS_PER_STATEMENT,
            "(?, ?, ?, ?, ?)")) + ") WHERE true";
    private static final String INSERT_ARRAYS = "INSERT INTO " + COLUMNS + " SELECT ?, * FROM unnest("
            + "CAST(? AS text[]), CAST(? AS float8[]), CAST(? AS int8[]), CAST(? AS int8[]), CAST(? AS bool[]))";

    private final Database db;

    MetricHistoryWriter(Database db) {
        this.db = db;
    }

    /**
     * Appends the points to the run's history. Unless {@code skipLogged}, a point the run already has
     * fails the statement (a unique violation) and, on PostgreSQL, the transaction.
     */
    void append(Handle h, String runId, Collection<Metric> points, boolean skipLogged) throws SQLException {
        if (db.dialect() == SqlDialect.POSTGRESQL) {
            appendArrays(h, runId, points, skipLogged);
        } else {
            appendBatch(h, runId, points, skipLogged);
        }
    }

    private void appendBatch(Handle h, String runId, Collection<Metric> points, boolean skipLogged) throws SQLException {
        Iterator<Metric> remaining = points.iterator();
        int fullStatements = points.size() / ROWS_PER_STATEMENT;
        if (fullStatements > 0) {
            PreparedStatement rows = db.statement(h, skipLogged ? INSERT_ROWS + SKIP_LOGGED : INSERT_ROWS);
            rows.setString(1, runId);
            for (int s = 0; s < fullStatements; s++) {
                for (int r = 0; r < ROWS_PER_STATEMENT; r++) {
                    bindPoint(rows, 2 + r * 5, remaining.next());
                }
                rows.executeUpdate();
            }
        }
        if (!remaining.hasNext()) {
            return;
        }
        PreparedStatement insert = db.statement(h, skipLogged ? INSERT_ROW + SKIP_LOGGED : INSERT_ROW);
        while (remaining.hasNext()) {
            bindRow(insert, runId, remaining.next());
            insert.addBatch();
        }
        try {
            insert.executeBatch();
        } catch (SQLException e) {
            insert.clearBatch(); // the statement is kept for the connection's next write
            throw e;
        }
    }

    private void appendArrays(Handle h, String runId, Collection<Metric> points, boolean skipLogged) throws SQLException {
        int n = points.size();
        String[] keys = new String[n];
        double[] values = new double[n];
        long[] timestamps = new long[n];
        long[] steps = new long[n];
        boolean[] nans = new boolean[n];
        int i = 0;
        for (Metric point : points) {
            keys[i] = point.key();
            nans[i] = Double.isNaN(point.value());
            values[i] = nans[i] ? 0.0 : point.value();
            timestamps[i] = point.timestamp();
            steps[i] = point.step();
            i++;
        }
        PreparedStatement insert = db.statement(h, skipLogged ? INSERT_ARRAYS + SKIP_LOGGED : INSERT_ARRAYS);
        insert.setString(1, runId);
        insert.setObject(2, keys); // the driver sends Java arrays as PostgreSQL arrays
        insert.setObject(3, values);
        insert.setObject(4, timestamps);
        insert.setObject(5, steps);
        insert.setObject(6, nans);
        insert.executeUpdate();
    }

    /** Binds a point to parameters 1–6: run, key, value, timestamp, step, is_nan. */
    static void bindRow(PreparedStatement statement, String runId, Metric point) throws SQLException {
        statement.setString(1, runId);
        bindPoint(statement, 2, point);
    }

    /** Binds a point to five parameters from {@code first}: key, value, timestamp, step, is_nan. */
    private static void bindPoint(PreparedStatement statement, int first, Metric point) throws SQLException {
        boolean isNan = Double.isNaN(point.value());
        statement.setString(first, point.key());
        statement.setDouble(first + 1, isNan ? 0.0 : point.value());
        statement.setLong(first + 2, point.timestamp());
        statement.setLong(first + 3, point.step());
        statement.setBoolean(first + 4, isNan);
    }
}
