package org.mlops4j.serving.payload;

import java.util.List;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.store.jdbc.Sql;

/**
 * Reads of the payload log. Each read first loads what the journal holds, so a caller sees every
 * request answered before it asked. Thread-safe.
 */
public final class PayloadQueries {
    private final Database db;
    private final PayloadLoader loader;

    public PayloadQueries(Database db, PayloadLoader loader) {
        this.db = db;
        this.loader = loader;
    }

    /** Rows scored by an endpoint; {@code traffic} (primary, canary, shadow) or null for all. */
    public long count(String endpoint, String traffic) {
        loader.loadAll();
        Sql sql = new Sql().append("SELECT COUNT(*) FROM payload_records WHERE endpoint = ?", endpoint);
        if (traffic != null) {
            sql.append(" AND traffic = ?", traffic);
        }
        return db.read(h -> sql.query(h).mapTo(Long.class).one());
    }

    /** The newest records of an endpoint, newest first, with features and predictions as JSON. */
    public List<PayloadRecord> recent(String endpoint, int maxResults) {
        loader.loadAll();
        return db.read(h -> h.createQuery("SELECT * FROM payload_records WHERE endpoint = ? ORDER BY id DESC LIMIT ?")
                .bind(0, endpoint).bind(1, Math.max(1, Math.min(maxResults, 10_000)))
                .map((rs, ctx) -> new PayloadRecord(rs.getString("request_id"), rs.getInt("row_index"),
                        rs.getString("endpoint"), rs.getString("model_name"), rs.getString("model_version"),
                        rs.getString("traffic"), rs.getLong("scored_at"), rs.getDouble("latency_ms"),
                        rs.getString("features"), rs.getString("prediction")))
                .list());
    }
}
