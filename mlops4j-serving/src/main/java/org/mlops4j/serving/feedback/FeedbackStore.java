package org.mlops4j.serving.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.mlops4j.core.MlopsException;
import org.mlops4j.store.jdbc.Database;

/**
 * Ground truth ("feedback") for an endpoint, stored for the quality monitors. A batch is checked
 * whole before anything is written, then written in one transaction. Thread-safe.
 */
public final class FeedbackStore {
    static final int MAX_BATCH = 10_000;
    private final Database db;
    private final Clock clock;

    public FeedbackStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        db.migrate("serving");
    }

    /**
     * Stores labelled records. Each JSON record either names a scored row ({@code request_id},
     * optional {@code row}) with a {@code label}, or is a feature record whose {@code labelColumn}
     * holds the true outcome (the other fields are kept as its features).
     *
     * @return how many were stored
     */
    public int record(String endpoint, List<JsonNode> records, String labelColumn) {
        if (records.isEmpty() || records.size() > MAX_BATCH) {
            throw MlopsException.invalidParameter("Send between 1 and %d feedback records, got %d", MAX_BATCH, records.size());
        }
        long now = clock.millis();
        List<FeedbackRecord> parsed = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            parsed.add(parse(endpoint, records.get(i), labelColumn, i, now));
        }
        db.writeVoid(h -> {
            PreparedBatch batch = h.prepareBatch("INSERT INTO feedback_records (endpoint, request_id, row_index, features, "
                    + "label, received_at) VALUES (?, ?, ?, ?, ?, ?)");
            for (FeedbackRecord r : parsed) {
                batch.bind(0, r.endpoint()).bind(1, r.requestId()).bind(2, r.rowIndex()).bind(3, r.features())
                        .bind(4, r.label()).bind(5, r.receivedAt()).add();
            }
            batch.execute();
        });
        return parsed.size();
    }

    private static FeedbackRecord parse(String endpoint, JsonNode record, String labelColumn, int index, long now) {
        if (record == null || !record.isObject()) {
            throw MlopsException.invalidParameter("Feedback record %d is not an object", index);
        }
        if (record.hasNonNull("request_id")) {
            JsonNode label = record.get("label");
            if (label == null || !label.isValueNode() || label.isNull()) {
                throw MlopsException.invalidParameter("Feedback record %d names a request but has no 'label'", index);
            }
            JsonNode row = record.get("row");
            if (row != null && !row.canConvertToInt()) {
                throw MlopsException.invalidParameter("Feedback record %d: 'row' must be an integer", index);
            }
            return new FeedbackRecord(endpoint, record.get("request_id").asText(), row == null ? 0 : row.asInt(), null,
                    label.asText(), now);
        }
        String column = labelColumn == null || labelColumn.isBlank() ? "label" : labelColumn;
        JsonNode label = record.get(column);
        if (label == null || !label.isValueNode() || label.isNull()) {
            throw MlopsException.invalidParameter("Feedback record %d has no value for the label column '%s'", index, column);
        }
        ObjectNode features = ((ObjectNode) record).deepCopy();
        features.remove(column);
        return new FeedbackRecord(endpoint, null, null, features.toString(), label.asText(), now);
    }

    public long count(String endpoint) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM feedback_records WHERE endpoint = ?").bind(0, endpoint)
                .mapTo(Long.class).one());
    }

    public List<FeedbackRecord> recent(String endpoint, int maxResults) {
        return db.read(h -> h.createQuery("SELECT * FROM feedback_records WHERE endpoint = ? ORDER BY id DESC LIMIT ?")
                .bind(0, endpoint).bind(1, Math.max(1, Math.min(maxResults, 10_000)))
                .map((rs, ctx) -> {
                    int row = rs.getInt("row_index");
                    return new FeedbackRecord(rs.getString("endpoint"), rs.getString("request_id"),
                            rs.wasNull() ? null : row, rs.getString("features"), rs.getString("label"),
                            rs.getLong("received_at"));
                }).list());
    }
}
