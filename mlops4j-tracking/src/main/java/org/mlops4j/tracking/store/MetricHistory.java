package org.mlops4j.tracking.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.store.jdbc.Sql;
import org.mlops4j.tracking.Metric;

/**
 * Metric histories, stored as chunks: one row per run, key and write, holding that write's points
 * of the key ({@link MetricChunkCodec}). A log-batch of 1,000 points of 10 keys is 10 rows. As one
 * row per point with a primary key on every field, the index alone cost PostgreSQL 4-6 ms a batch
 * on two cores, and SQLite half of its write.
 *
 * <p>A point logged twice (a client resending a batch) is one point, as in MLflow: both copies are
 * stored, and reading collapses them. Points logged before schema V5, one per row in {@code metrics},
 * are read alongside the chunks.
 */
final class MetricHistory {
    private static final String INSERT_CHUNK = "INSERT INTO metric_chunks (run_uuid, key, points) VALUES (?, ?, ?)";
    private static final String READ_CHUNKS = "SELECT points FROM metric_chunks WHERE run_uuid = ? AND key = ?";
    private static final String READ_ROWS = "SELECT value, timestamp, step, is_nan FROM metrics "
            + "WHERE run_uuid = ? AND key = ?";
    /**
     * By step, timestamp and value; NaN sorts as 0, after a real 0, where the history ordered it when
     * NaN was stored as 0 with a flag.
     */
    private static final Comparator<Metric> ORDER = Comparator.comparingLong(Metric::step)
            .thenComparingLong(Metric::timestamp)
            .thenComparingDouble(MetricHistory::sortValue)
            .thenComparing(p -> Double.isNaN(p.value()));

    private final Database db;

    MetricHistory(Database db) {
        this.db = db;
    }

    /** Appends the points to the run's history, a chunk per key, in the handle's transaction. */
    void append(Handle h, String runId, Collection<Metric> points) throws SQLException {
        Map<String, List<Metric>> byKey = new LinkedHashMap<>();
        for (Metric point : points) {
            byKey.computeIfAbsent(point.key(), k -> new ArrayList<>()).add(point);
        }
        PreparedStatement insert = db.statement(h, INSERT_CHUNK);
        for (Map.Entry<String, List<Metric>> key : byKey.entrySet()) {
            insert.setString(1, runId);
            insert.setString(2, key.getKey());
            insert.setBytes(3, MetricChunkCodec.encode(key.getValue()));
            insert.addBatch();
        }
        try {
            insert.executeBatch();
        } catch (SQLException e) {
            insert.clearBatch(); // the statement is kept for the connection's next write
            throw e;
        }
    }

    /** Every distinct point of the run's metric {@code key}, in history order. */
    List<Metric> read(Handle h, String runId, String key) {
        List<Metric> points = new ArrayList<>();
        new Sql().append(READ_CHUNKS, runId, key)
                .forEachRow(db, h, row -> MetricChunkCodec.decode(row.getBytes(1), key, points));
        new Sql().append(READ_ROWS, runId, key).forEachRow(db, h, row -> points.add(
                new Metric(key, row.getBoolean(4) ? Double.NaN : row.getDouble(1), row.getLong(2), row.getLong(3))));
        points.sort(ORDER);
        List<Metric> distinct = new ArrayList<>(points.size());
        for (Metric point : points) {
            if (distinct.isEmpty() || !samePoint(distinct.getLast(), point)) {
                distinct.add(point);
            }
        }
        return distinct;
    }

    /** Equal as the old primary key compared them: 0.0 and -0.0 are one value, NaN is one value. */
    private static boolean samePoint(Metric a, Metric b) {
        return a.step() == b.step() && a.timestamp() == b.timestamp()
                && (a.value() == b.value() || (Double.isNaN(a.value()) && Double.isNaN(b.value())));
    }

    private static double sortValue(Metric point) {
        return Double.isNaN(point.value()) ? 0.0 : point.value();
    }
}
