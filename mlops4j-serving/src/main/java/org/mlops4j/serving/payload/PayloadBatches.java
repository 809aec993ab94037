package org.mlops4j.serving.payload;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Catalogues journal lines as {@code payload_batches} rows: a batch is a run of consecutive lines
 * of one segment with the same endpoint, model version and traffic route, and its row names the
 * run's byte range in the segment, which stays where it is (see {@link PayloadSegmentFiles}).
 * Only the fields before a line's features are parsed. One per segment and load transaction; not
 * thread-safe.
 */
final class PayloadBatches implements AutoCloseable {
    private final PreparedStatement insert;
    private final String segment;
    private final PayloadHeaderScanner scanner = new PayloadHeaderScanner();
    private long records;
    // The open run: bytes [runStart, runEnd) of the segment.
    private long runStart;
    private long runEnd;
    private int runCount;
    private long runFirst;
    private long runLast;
    private PayloadCodec.LineHeader runGroup;

    PayloadBatches(Connection connection, String segment) throws SQLException {
        this.segment = segment;
        this.insert = connection.prepareStatement("INSERT INTO payload_batches (endpoint, model_name, model_version, traffic, "
                + "records, first_scored_at, last_scored_at, segment, offset_bytes, length_bytes) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    /**
     * Adds the line in {@code bytes[offset, offset + length)}, which starts at {@code fileOffset} in
     * the segment and is followed by its newline. Returns false, adding nothing, for a line whose
     * header cannot be read.
     */
    boolean add(byte[] bytes, int offset, int length, long fileOffset) throws SQLException {
        PayloadCodec.LineHeader line;
        try {
            line = PayloadCodec.readHeader(scanner, bytes, offset, length);
        } catch (IllegalStateException corrupt) {
            return false; // not added; the next line cannot extend the open run across it
        }
        if (runCount == 0 || fileOffset != runEnd || !sameGroup(runGroup, line)) {
            flush();
            runStart = fileOffset;
            runGroup = line;
            runFirst = Long.MAX_VALUE;
            runLast = Long.MIN_VALUE;
        }
        runEnd = fileOffset + length + 1; // with the newline
        runCount++;
        runFirst = Math.min(runFirst, line.scoredAt());
        runLast = Math.max(runLast, line.scoredAt());
        records++;
        return true;
    }

    /** Inserts the open run. */
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
        insert.setString(8, segment);
        insert.setLong(9, runStart);
        insert.setLong(10, runEnd - runStart);
        insert.executeUpdate();
        runCount = 0;
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
