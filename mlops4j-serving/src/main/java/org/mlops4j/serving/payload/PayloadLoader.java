package org.mlops4j.serving.payload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.mlops4j.core.PageCache;
import org.mlops4j.store.jdbc.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catalogues journal lines in {@code payload_batches}: each load records, for the complete lines
 * after the segment's checkpoint, which byte ranges of the segment hold which endpoint's records,
 * and advances the checkpoint in the same transaction, so every line is catalogued exactly once,
 * across restarts. The segment is forced to disk before that transaction commits, so a batch never
 * names bytes a power cut could take. An unterminated last line (a write cut by a crash, never
 * acknowledged) is never catalogued. A finished segment, once catalogued, moves to the payload
 * store ({@link PayloadSegmentFiles}); the lines are never copied. A complete line that cannot be
 * read is skipped, counted and copied to {@code corrupt/}, so that one damaged line cannot stop
 * every later one from loading. The copy is made inside the transaction that skips the line, to a
 * file named after the line's segment and offset, so a transaction that fails and is run again
 * writes the same file again; the line is counted and logged once that transaction commits.
 * Catalogued bytes leave the page cache ({@link PageCache}): reads of the store are rare, and
 * a journal that stayed cached would grow the cache by all it writes. Thread-safe.
 */
public final class PayloadLoader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PayloadLoader.class);
    /** Bytes of journal per transaction: large enough to amortise the commit, small enough to keep it short. */
    private static final long MAX_TRANSACTION_BYTES = 4L * 1024 * 1024;
    /** Subdirectory of the journal where unreadable lines are copied. */
    static final String QUARANTINE = "corrupt";

    private final Database db;
    private final Path directory;
    private final PayloadSegmentFiles files;
    private final PayloadSchemas schemas;
    private final ScheduledExecutorService timer;
    private volatile LongConsumer onLoaded = records -> { };
    private volatile Runnable beforeLoad = () -> { };
    private byte[] buffer = new byte[128 * 1024]; // guarded by this; below G1's humongous-object size
    private final AtomicLong corrupt = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();

    public PayloadLoader(Database db, Path directory, long intervalMillis) {
        this.db = db;
        this.directory = directory;
        this.files = new PayloadSegmentFiles(directory);
        this.schemas = new PayloadSchemas(directory);
        db.migrate("serving");
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("mlops4j-payload-loader")
                .daemon(true).unstarted(r));
        timer.scheduleWithFixedDelay(this::loadQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Deletes, every {@code every} from now on, the payloads scored more than {@code age} ago (see
     * {@link #expireScoredBefore}).
     */
    public void expireOlderThan(Duration age, Duration every) {
        if (age.isNegative() || age.isZero() || every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("payload retention and its interval must be positive");
        }
        timer.scheduleWithFixedDelay(() -> {
            try {
                PayloadRetention.Expired expired = expireScoredBefore(System.currentTimeMillis() - age.toMillis());
                if (expired.records() > 0 || expired.segments() > 0) {
                    LOG.info("payload retention: deleted {} records in {} batches, {} stored segments, scored over {} ago",
                            expired.records(), expired.batches(), expired.segments(), age);
                }
            } catch (RuntimeException e) {
                LOG.warn("payload retention failed; retrying on the next pass", e);
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Deletes the payloads scored before {@code millis}: their batches, and the stored segments no
     * batch names any more ({@link PayloadRetention}). Never while a load runs.
     */
    public PayloadRetention.Expired expireScoredBefore(long millis) {
        PayloadRetention.Expired expired = PayloadRetention.expire(db, files, millis, this); // loads hold this lock
        this.expired.addAndGet(expired.records());
        return expired;
    }

    /** Records deleted by retention, counted for the whole process. */
    public long expiredCount() {
        return expired.get();
    }

    /** Told how many records each committed load moved, e.g. {@link PayloadLog#loaded}, which frees its queue. */
    public void onLoaded(LongConsumer listener) {
        this.onLoaded = listener;
    }

    /**
     * Loads what {@code log} journals: each load first has the log write out what it holds, so
     * that a load sees every record appended before it, and the log's queue is freed as records
     * are catalogued.
     */
    public void follow(PayloadLog log) {
        this.beforeLoad = log::flush;
        onLoaded(log::loaded);
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
        beforeLoad.run();
        List<Path> segments;
        try {
            segments = PayloadLog.segments(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long loaded = 0;
        for (int i = 0; i < segments.size(); i++) {
            loaded += loadSegment(segments.get(i), supersededInItsStripe(segments, i));
        }
        return loaded;
    }

    /** A newer segment of the same stripe exists: no writer will add to this one again. */
    private static boolean supersededInItsStripe(List<Path> segments, int index) {
        String stripe = PayloadLog.stripeOf(segments.get(index));
        for (int later = index + 1; later < segments.size(); later++) {
            if (PayloadLog.stripeOf(segments.get(later)).equals(stripe)) {
                return true;
            }
        }
        return false;
    }

    private long loadSegment(Path file, boolean superseded) {
        String name = file.getFileName().toString();
        Checkpoint checkpoint = checkpoint(name).orElse(new Checkpoint(0, false));
        if (checkpoint.complete) {
            store(file); // finished earlier, its move cut short
            return 0;
        }
        long loaded = 0;
        long offset = checkpoint.offset;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (true) {
                long from = offset;
                // The batches name these bytes: they are on disk before the batches commit. Forced
                // here, outside the transaction, so that no other writer waits for the disk, and
                // only bytes written before the force are catalogued.
                long durable = channel.size();
                if (durable <= from) {
                    break;
                }
                channel.force(false);
                Checkpoint next = db.write(h -> {
                    Checkpoint reached = insertLines(h, file, channel, from, durable);
                    if (reached.offset > from) {
                        saveCheckpoint(h, name, reached.offset, false);
                    }
                    return reached;
                });
                if (next.offset == from) {
                    break;
                }
                loaded += next.records;
                reportCorrupt(file, next.corruptAt);
                onLoaded.accept(next.records + next.corruptAt.size()); // a corrupt line leaves the queue too
                offset = next.offset;
                // Read, forced and catalogued: nothing reads these bytes soon, and a journal that
                // kept them cached would take a new page for every page it writes. From the start
                // (pages are evicted whole, and one may have straddled the last range's end), up
                // to a page boundary: the page the drain is still filling stays.
                PageCache.evict(file, 0, PageCache.pageStart(offset));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read payload segment " + file, e);
        }
        if (superseded) {
            // What is left is a torn tail. Every line is catalogued: the file joins the store.
            long finalOffset = offset;
            db.writeVoid(h -> saveCheckpoint(h, name, finalOffset, true));
            store(file);
        }
        return loaded;
    }

    /** Moves a finished, catalogued segment to the store, out of the page cache: it is read rarely from now on. */
    private void store(Path segment) {
        PageCache.evict(segment, 0, Long.MAX_VALUE);
        try {
            files.store(segment);
        } catch (IOException e) {
            LOG.warn("cannot move catalogued payload segment {} to the store; retrying on the next load", segment, e);
        }
    }

    /** The feature names of the journal's lines that give a schema id. */
    PayloadSchemas schemas() {
        return schemas;
    }

    /** Bytes of a catalogued batch, for {@link PayloadQueries}. */
    byte[] readBatch(String segment, long offset, long length) throws IOException {
        return files.read(segment, offset, length);
    }

    /** Catalogued records that reads skipped ({@link PayloadQueries}), counted for the whole process. */
    public long unreadableCount() {
        return unreadable.get();
    }

    void countUnreadable(long records) {
        unreadable.addAndGet(records);
    }

    /** Complete lines whose header could not be read, skipped and copied under {@code corrupt/}. */
    public long corruptCount() {
        return corrupt.get();
    }

    /**
     * Keeps a line that cannot be read (only a damaged disk or a bug writes one) out of the way:
     * loading goes on past it instead of retrying it forever, and the bytes are kept for whoever
     * investigates. Writing the same line again (its transaction failed and runs again) rewrites
     * the same file.
     */
    private void quarantine(Path segment, long fileOffset, byte[] bytes, int offset, int length) {
        try {
            Path copy = quarantined(directory, segment.getFileName().toString(), fileOffset);
            Files.createDirectories(copy.getParent());
            try (var out = Files.newOutputStream(copy)) {
                out.write(bytes, offset, length);
                out.write('\n');
            }
        } catch (IOException e) {
            LOG.warn("cannot copy a corrupt payload line out of {}", segment, e);
        }
    }

    /** Where the corrupt line at {@code fileOffset} of {@code segment} is copied. */
    static Path quarantined(Path journal, String segment, long fileOffset) {
        return journal.resolve(QUARANTINE).resolve(segment + "@" + fileOffset);
    }

    /** Counts and logs the lines a committed load skipped. Only where they are: the line holds a request's features. */
    private void reportCorrupt(Path segment, List<Long> offsets) {
        for (long fileOffset : offsets) {
            corrupt.incrementAndGet();
            LOG.error("payload segment {}: the line at byte {} is not a payload record; skipped and copied to {}",
                    segment.getFileName(), fileOffset, quarantined(directory, segment.getFileName().toString(), fileOffset));
        }
    }

    /**
     * How far a segment is loaded; {@code records}: lines one transaction moved; {@code corruptAt}:
     * the offsets of those it skipped.
     */
    private record Checkpoint(long offset, boolean complete, long records, List<Long> corruptAt) {
        Checkpoint(long offset, boolean complete) {
            this(offset, complete, 0, List.of());
        }
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

    /**
     * Catalogues the complete lines in {@code [offset, limit)}, up to a transaction's worth, as
     * batches (see {@link PayloadBatches}). Only the read buffer is held. Returns the offset after
     * the last line and how many records were catalogued.
     */
    private Checkpoint insertLines(Handle h, Path segment, FileChannel channel, long offset, long limit) {
        long position = offset; // the file offset of buffer[0]
        int filled = 0;
        List<Long> skipped = new ArrayList<>();
        try (PayloadBatches batches = new PayloadBatches(h.getConnection(), segment.getFileName().toString())) {
            while (position - offset < MAX_TRANSACTION_BYTES) {
                if (filled == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2); // one line longer than the buffer; no run is open
                }
                int wanted = (int) Math.min(buffer.length - filled, limit - (position + filled));
                int read = wanted <= 0 ? 0 : channel.read(ByteBuffer.wrap(buffer, filled, wanted), position + filled);
                if (read <= 0) {
                    break;
                }
                filled += read;
                int lineStart = 0;
                for (int end = Newlines.indexOf(buffer, 0, filled); end >= 0; end = Newlines.indexOf(buffer, lineStart, filled)) {
                    if (!batches.add(buffer, lineStart, end - lineStart, position + lineStart)) {
                        quarantine(segment, position + lineStart, buffer, lineStart, end - lineStart);
                        skipped.add(position + lineStart);
                    }
                    lineStart = end + 1;
                }
                System.arraycopy(buffer, lineStart, buffer, 0, filled - lineStart); // keep the unfinished line
                filled -= lineStart;
                position += lineStart;
            }
            batches.flush();
            return new Checkpoint(position, false, batches.records(), skipped);
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read payload segment", e);
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
