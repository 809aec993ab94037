package org.mlops4j.serving.payload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jdbi.v3.core.result.ResultIterator;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.store.jdbc.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads of the payload log. Each read first loads what the journal holds, so a caller sees every
 * request answered before it asked. Records are catalogued in batches ({@link PayloadBatches}),
 * each a byte range of a stored segment (or, loaded before segments were kept, the lines
 * themselves); reads go batch by batch, so memory holds one batch at a time. Thread-safe.
 */
public final class PayloadQueries {
    private static final int FETCH_BATCHES = 8;
    private static final String BATCH_COLUMNS = "lines, segment, offset_bytes, length_bytes, records";

    private static final Logger LOG = LoggerFactory.getLogger(PayloadQueries.class);

    private final Database db;
    private final PayloadLoader loader;

    public PayloadQueries(Database db, PayloadLoader loader) {
        this.db = db;
        this.loader = loader;
    }

    /** Rows scored by an endpoint; {@code traffic} (primary, canary, shadow) or null for all. */
    public long count(String endpoint, String traffic) {
        loader.loadAll();
        Sql sql = new Sql().append("SELECT COALESCE(SUM(records), 0) FROM payload_batches WHERE endpoint = ?", endpoint);
        if (traffic != null) {
            sql.append(" AND traffic = ?", traffic);
        }
        return db.read(h -> sql.query(h).mapTo(Long.class).one());
    }

    /** The newest records of an endpoint, newest first, with features and predictions as JSON. */
    public List<PayloadRecord> recent(String endpoint, int maxResults) {
        loader.loadAll();
        int wanted = Math.max(1, Math.min(maxResults, 10_000));
        List<PayloadRecord> newestFirst = new ArrayList<>(wanted);
        db.readStreaming(h -> {
            try (ResultIterator<byte[]> batches = h.createQuery("SELECT " + BATCH_COLUMNS + " FROM payload_batches "
                            + "WHERE endpoint = ? ORDER BY id DESC").bind(0, endpoint).setFetchSize(FETCH_BATCHES)
                    .map((rs, ctx) -> lines(rs)).iterator()) {
                while (newestFirst.size() < wanted && batches.hasNext()) {
                    List<PayloadRecord> batch = new ArrayList<>();
                    forEachLine(batches.next(), batch::add);
                    for (int i = batch.size() - 1; i >= 0 && newestFirst.size() < wanted; i--) {
                        newestFirst.add(batch.get(i));
                    }
                }
            }
            return null;
        });
        return newestFirst;
    }

    /**
     * Every record of an endpoint scored in {@code [fromMillis, toMillis)}, in the order they were
     * journaled (the order of scoring, up to the races of concurrent requests).
     */
    public void forEach(String endpoint, long fromMillis, long toMillis, Consumer<PayloadRecord> consumer) {
        loader.loadAll();
        db.readStreaming(h -> {
            try (ResultIterator<byte[]> batches = h.createQuery("SELECT " + BATCH_COLUMNS + " FROM payload_batches "
                            + "WHERE endpoint = ? AND last_scored_at >= ? AND first_scored_at < ? ORDER BY id")
                    .bind(0, endpoint).bind(1, fromMillis).bind(2, toMillis).setFetchSize(FETCH_BATCHES)
                    .map((rs, ctx) -> lines(rs)).iterator()) {
                while (batches.hasNext()) {
                    forEachLine(batches.next(), record -> {
                        if (record.scoredAt() >= fromMillis && record.scoredAt() < toMillis) {
                            consumer.accept(record);
                        }
                    });
                }
            }
            return null;
        });
    }

    /**
     * A batch's lines: held in the row, or read from the segment it names. A segment gone from the
     * store (deleted by hand, a lost disk) costs its batches, counted and logged, not every read.
     */
    private byte[] lines(ResultSet rs) throws SQLException {
        byte[] held = rs.getBytes(1);
        if (held != null) {
            return held;
        }
        String segment = rs.getString(2);
        try {
            return loader.readBatch(segment, rs.getLong(3), rs.getLong(4));
        } catch (IOException e) {
            loader.countUnreadable(rs.getLong(5));
            LOG.error("skipped a payload batch of {} records: {}", rs.getLong(5), e.toString());
            return new byte[0];
        }
    }

    /**
     * The loader checks only a line's header; a line damaged after it is skipped here, counted and
     * logged without its content (it holds a request's features), so that it cannot fail every
     * read of its endpoint.
     */
    private void forEachLine(byte[] lines, Consumer<PayloadRecord> consumer) {
        int start = 0;
        for (int end = Newlines.indexOf(lines, 0, lines.length); end >= 0; end = Newlines.indexOf(lines, start, lines.length)) {
            PayloadRecord record;
            try {
                record = PayloadCodec.decode(lines, start, end - start, loader.schemas()::names);
            } catch (IllegalStateException | UncheckedIOException e) {
                loader.countUnreadable(1);
                LOG.warn("skipped a stored payload line that cannot be read ({} bytes)", end - start);
                record = null;
            }
            if (record != null) {
                consumer.accept(record);
            }
            start = end + 1;
        }
    }

    /** Stored records that reads skipped: lines that could not be decoded, batches whose segment is gone. */
    public long unreadableCount() {
        return loader.unreadableCount();
    }
}
