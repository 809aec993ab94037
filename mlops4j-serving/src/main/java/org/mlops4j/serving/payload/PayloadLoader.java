package org.mlops4j.serving.payload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.mlops4j.store.jdbc.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves journal segments into {@code payload_records}. Each load inserts the complete lines after
 * the segment's checkpoint and advances the checkpoint in the same transaction, so every line is
 * loaded exactly once, across restarts. An unterminated last line (a write cut by a crash, never
 * acknowledged) is never loaded. Thread-safe.
 */
public final class PayloadLoader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PayloadLoader.class);
    private static final int MAX_CHUNK_BYTES = 8 * 1024 * 1024;

    private final Database db;
    private final Path directory;
    private final ScheduledExecutorService timer;
    private volatile LongConsumer onLoaded = records -> { };

    public PayloadLoader(Database db, Path directory, long intervalMillis) {
        this.db = db;
        this.directory = directory;
        db.migrate("serving");
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("mlops4j-payload-loader")
                .daemon(true).unstarted(r));
        timer.scheduleWithFixedDelay(this::loadQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** Told how many records each committed load moved, e.g. {@link PayloadLog#loaded}, which frees its queue. */
    public void onLoaded(LongConsumer listener) {
        this.onLoaded = listener;
    }

    private void loadQuietly() {
        try {
            loadAll();
        } catch (RuntimeException e) {
            LOG.warn("payload load failed; retrying", e);
        }
    }

    /** Loads every complete line not loaded yet; returns how many records were inserted. */
    public synchronized long loadAll() {
        List<Path> segments;
        try {
            segments = PayloadLog.segments(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long loaded = 0;
        for (int i = 0; i < segments.size(); i++) {
            loaded += loadSegment(segments.get(i), i < segments.size() - 1);
        }
        return loaded;
    }

    private long loadSegment(Path file, boolean superseded) {
        String name = file.getFileName().toString();
        Checkpoint checkpoint = checkpoint(name).orElse(new Checkpoint(0, false));
        if (checkpoint.complete) {
            return 0;
        }
        long loaded = 0;
        long offset = checkpoint.offset;
        while (true) {
            Chunk chunk = readLines(file, offset);
            if (chunk.lines.isEmpty()) {
                break;
            }
            long newOffset = offset + chunk.bytes;
            db.writeVoid(h -> {
                insert(h, chunk.lines);
                saveCheckpoint(h, name, newOffset, false);
            });
            loaded += chunk.lines.size();
            onLoaded.accept(chunk.lines.size());
            offset = newOffset;
        }
        if (superseded) {
            // A newer segment exists, so no writer will add to this one; what is left is a torn tail.
            long finalOffset = offset;
            db.writeVoid(h -> saveCheckpoint(h, name, finalOffset, true));
        }
        return loaded;
    }

    private record Checkpoint(long offset, boolean complete) {
    }

    private record Chunk(List<String> lines, long bytes) {
    }

    private Optional<Checkpoint> checkpoint(String segment) {
        return db.read(h -> h.createQuery("SELECT offset_bytes, complete FROM payload_checkpoints WHERE segment = ?")
                .bind(0, segment).map((rs, ctx) -> new Checkpoint(rs.getLong(1), rs.getBoolean(2))).findOne());
    }

    private static void saveCheckpoint(Handle h, String segment, long offset, boolean complete) {
        h.createUpdate("INSERT INTO payload_checkpoints (segment, offset_bytes, complete) VALUES (?, ?, ?) "
                        + "ON CONFLICT (segment) DO UPDATE SET offset_bytes = excluded.offset_bytes, complete = excluded.complete")
                .bind(0, segment).bind(1, offset).bind(2, complete).execute();
    }

    /** Complete lines from {@code offset}, up to a chunk's worth; the bytes they span. */
    private static Chunk readLines(Path file, long offset) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long available = channel.size() - offset;
            if (available <= 0) {
                return new Chunk(List.of(), 0);
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(available, MAX_CHUNK_BYTES));
            channel.read(buffer, offset);
            byte[] bytes = buffer.array();
            int end = buffer.position();
            int lastNewline = -1;
            for (int i = end - 1; i >= 0; i--) {
                if (bytes[i] == '\n') {
                    lastNewline = i;
                    break;
                }
            }
            if (lastNewline < 0) {
                return new Chunk(List.of(), 0);
            }
            String text = new String(bytes, 0, lastNewline, StandardCharsets.UTF_8);
            return new Chunk(List.of(text.split("\n")), lastNewline + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read payload segment " + file, e);
        }
    }

    /** Plain JDBC batch: the loader keeps up with thousands of scored rows a second on the same cores. */
    private static void insert(Handle h, List<String> lines) {
        try (PreparedStatement insert = h.getConnection().prepareStatement("INSERT INTO payload_records (request_id, "
                + "row_index, endpoint, model_name, model_version, traffic, scored_at, latency_ms, features, prediction) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (String line : lines) {
                PayloadRecord r = PayloadCodec.decode(line);
                insert.setString(1, r.requestId());
                insert.setInt(2, r.rowIndex());
                insert.setString(3, r.endpoint());
                insert.setString(4, r.modelName());
                insert.setString(5, r.modelVersion());
                insert.setString(6, r.traffic());
                insert.setLong(7, r.scoredAt());
                insert.setDouble(8, r.latencyMs());
                insert.setString(9, r.features());
                insert.setString(10, r.prediction());
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
