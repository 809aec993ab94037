package org.mlops4j.serving.payload;

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Groups journal lines into {@code payload_batches} rows, one batch per endpoint, model version and
 * traffic route, lines kept in journal order. Only the fields before a line's features are parsed:
 * the lines are stored as they were written. One per load transaction; not thread-safe.
 */
final class PayloadBatches implements AutoCloseable {
    /** A batch is inserted when it reaches this size: queries read batches whole. */
    private static final int MAX_BATCH_BYTES = 1024 * 1024;

    private final PreparedStatement insert;
    private final Map<PayloadCodec.LineHeader, Batch> open = new HashMap<>();
    private Batch last; // lines come in runs of one group: most need no lookup
    private long records;

    PayloadBatches(Connection connection) throws SQLException {
        this.insert = connection.prepareStatement("INSERT INTO payload_batches (endpoint, model_name, model_version, traffic, "
                + "records, first_scored_at, last_scored_at, lines) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    }

    /** Adds the line in {@code bytes[offset, offset + length)}, without its newline. */
    void add(byte[] bytes, int offset, int length) throws SQLException {
        PayloadCodec.LineHeader header = PayloadCodec.readHeader(bytes, offset, length);
        Batch batch = last != null && last.holds(header) ? last : open.computeIfAbsent(
                new PayloadCodec.LineHeader(header.endpoint(), header.modelName(), header.modelVersion(), header.traffic(), 0),
                Batch::new);
        batch.add(bytes, offset, length, header.scoredAt());
        last = batch;
        records++;
        if (batch.lines.size() >= MAX_BATCH_BYTES) {
            insert(batch);
        }
    }

    /** Inserts the batches still open. */
    void flush() throws SQLException {
        for (Batch batch : open.values()) {
            if (batch.count > 0) {
                insert(batch);
            }
        }
    }

    /** Lines added so far. */
    long records() {
        return records;
    }

    /** Inserts the batch and empties it for more lines of its group. */
    private void insert(Batch batch) throws SQLException {
        insert.setString(1, batch.group.endpoint());
        insert.setString(2, batch.group.modelName());
        insert.setString(3, batch.group.modelVersion());
        insert.setString(4, batch.group.traffic());
        insert.setInt(5, batch.count);
        insert.setLong(6, batch.first);
        insert.setLong(7, batch.last);
        insert.setBytes(8, batch.lines.toByteArray());
        insert.executeUpdate();
        batch.reset();
    }

    @Override
    public void close() throws SQLException {
        insert.close();
    }

    private static final class Batch {
        private final PayloadCodec.LineHeader group; // scoredAt unused
        private final ByteArrayOutputStream lines = new ByteArrayOutputStream(64 * 1024);
        private int count;
        private long first;
        private long last;

        Batch(PayloadCodec.LineHeader group) {
            this.group = group;
            reset();
        }

        boolean holds(PayloadCodec.LineHeader line) {
            return group.endpoint().equals(line.endpoint()) && group.traffic().equals(line.traffic())
                    && Objects.equals(group.modelName(), line.modelName()) && Objects.equals(group.modelVersion(), line.modelVersion());
        }

        void add(byte[] bytes, int offset, int length, long scoredAt) {
            lines.write(bytes, offset, length);
            lines.write('\n');
            count++;
            first = Math.min(first, scoredAt);
            last = Math.max(last, scoredAt);
        }

        void reset() {
            lines.reset();
            count = 0;
            first = Long.MAX_VALUE;
            last = Long.MIN_VALUE;
        }
    }
}
