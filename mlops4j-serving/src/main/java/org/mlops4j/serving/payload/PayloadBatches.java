package org.mlops4j.serving.payload;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Stores journal lines as {@code payload_batches} rows: a batch is a run of consecutive lines of one
 * endpoint, model version and traffic route, cut from the loader's read buffer as it stands, so the
 * lines are copied once and stored exactly as they were written. Only the fields before a line's
 * features are parsed. One per load transaction; not thread-safe.
 */
final class PayloadBatches implements AutoCloseable {
    private final PreparedStatement insert;
    private long records;
    // The open run: bytes[runStart, runEnd) of the buffer lines were added from.
    private byte[] runBuffer;
    private int runStart;
    private int runEnd;
    private int runCount;
    private long runFirst;
    private long runLast;
    private PayloadCodec.LineHeader runGroup;

    PayloadBatches(Connection connection) throws SQLException {
        this.insert = connection.prepareStatement("INSERT INTO payload_batches (endpoint, model_name, model_version, traffic, "
                + "records, first_scored_at, last_scored_at, lines) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    }

    /**
     * Adds the line in {@code bytes[offset, offset + length)}, whose newline follows it. The bytes
     * must stay as they are until {@link #flush}. Returns false, adding nothing, for a line whose
     * header cannot be read.
     */
    boolean add(byte[] bytes, int offset, int length) throws SQLException {
        PayloadCodec.LineHeader line;
        try {
            line = PayloadCodec.readHeader(bytes, offset, length);
        } catch (IllegalStateException corrupt) {
            return false; // not added; the next line cannot extend the open run across it
        }
        if (runCount == 0 || bytes != runBuffer || offset != runEnd || !sameGroup(runGroup, line)) {
            flush();
            runBuffer = bytes;
            runStart = offset;
            runGroup = line;
            runFirst = Long.MAX_VALUE;
            runLast = Long.MIN_VALUE;
        }
        runEnd = offset + length + 1; // with the newline
        runCount++;
        runFirst = Math.min(runFirst, line.scoredAt());
        runLast = Math.max(runLast, line.scoredAt());
        records++;
        return true;
    }

    /** Inserts the open run; call before the buffer it was cut from changes. */
    void flush() throws SQLException {
        if (runCount == 0) {
            return;
        }
        insert.setString(1, runGroup.endpoint());
        insert.setString(2, runGroup.modelName());
        insert.setString(3, runGroup.modelVersion());
        insert.setString(4, runGroup.traffic());
        insert.setInt(5, runCount);
        insert.setLong(6, runFirst);
        insert.setLong(7, runLast);
        insert.setBytes(8, Arrays.copyOfRange(runBuffer, runStart, runEnd));
        insert.executeUpdate();
        runCount = 0;
        runBuffer = null;
    }

    /** Lines added so far. */
    long records() {
        return records;
    }

    private static boolean sameGroup(PayloadCodec.LineHeader a, PayloadCodec.LineHeader b) {
        return a.endpoint().equals(b.endpoint()) && a.traffic().equals(b.traffic())
                && Objects.equals(a.modelName(), b.modelName()) && Objects.equals(a.modelVersion(), b.modelVersion());
    }

    @Override
    public void close() throws SQLException {
        insert.close();
    }
}
