package org.mlops4j.serving.payload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payload journal. Scoring threads {@link #append} records to a bounded queue; one writer
 * thread takes whatever is queued and appends it to the current segment file with a single
 * {@code write}, then completes the appenders' futures. A request answers after its future
 * completes, so an answered request's records are in the file (in the OS page cache, which a
 * killed process does not lose); the file is forced to disk on a timer and when a segment
 * closes. {@link PayloadLoader} moves segments into the database.
 *
 * <p>Segment files are named {@code payload-<millis>-<seq>.jsonl}, one JSON record per line. A
 * restarted log never appends to an old segment, so a torn last line (a write cut by a crash, never
 * acknowledged) stays at the end of its file, where the loader skips it. Thread-safe.
 */
public final class PayloadLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PayloadLog.class);
    private static final long SEGMENT_BYTES = 64L * 1024 * 1024;
    private static final long FORCE_INTERVAL_MILLIS = 200;

    private final Path directory;
    private final OverflowPolicy policy;
    private final BlockingQueue<Pending> queue;
    private final Thread writer;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;
    private FileChannel segment;
    private long segmentBytes;
    private long segmentSeq;
    private long lastForce;

    private record Pending(List<PayloadRecord> records, CompletableFuture<Boolean> done) {
    }

    public PayloadLog(Path directory, int capacity, OverflowPolicy policy) {
        this.directory = directory;
        this.policy = policy;
        this.queue = new ArrayBlockingQueue<>(capacity);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create payload directory " + directory, e);
        }
        this.writer = Thread.ofPlatform().name("mlops4j-payload-writer").daemon(true).start(this::run);
    }

    /**
     * Queues records for the journal. The future completes with true once they are written, or at
     * once with false when the {@link OverflowPolicy#SAMPLE} policy dropped them.
     */
    public CompletableFuture<Boolean> append(List<PayloadRecord> records) {
        if (closed) {
            throw new IllegalStateException("payload log is closed");
        }
        Pending pending = new Pending(records, new CompletableFuture<>());
        if (policy == OverflowPolicy.SAMPLE) {
            if (!queue.offer(pending)) {
                dropped.addAndGet(records.size());
                pending.done.complete(false);
            }
            return pending.done;
        }
        try {
            queue.put(pending);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.done.completeExceptionally(e);
        }
        return pending.done;
    }

    public int queueDepth() {
        return queue.size();
    }

    public int queueCapacity() {
        return queue.size() + queue.remainingCapacity();
    }

    public long writtenCount() {
        return written.get();
    }

    public long droppedCount() {
        return dropped.get();
    }

    public OverflowPolicy policy() {
        return policy;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(FORCE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch);
                    write(batch);
                    batch.clear();
                }
                forceIfDue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | IOException e) {
                LOG.error("payload journal write failed; {} requests get an error", batch.size(), e);
                batch.forEach(p -> p.done.completeExceptionally(e));
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) throws IOException {
        List<PayloadRecord> records = new ArrayList<>();
        for (Pending pending : batch) {
            records.addAll(pending.records);
        }
        ByteBuffer bytes = ByteBuffer.wrap(PayloadCodec.encode(records));
        FileChannel channel = currentSegment();
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        segmentBytes += bytes.limit();
        written.addAndGet(records.size());
        batch.forEach(p -> p.done.complete(true));
        if (segmentBytes >= SEGMENT_BYTES) {
            closeSegment();
        }
    }

    private FileChannel currentSegment() throws IOException {
        if (segment == null) {
            Path file = directory.resolve("payload-%013d-%06d.jsonl".formatted(System.currentTimeMillis(), segmentSeq++));
            segment = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            segmentBytes = 0;
        }
        return segment;
    }

    private void forceIfDue() throws IOException {
        long now = System.currentTimeMillis();
        if (segment != null && now - lastForce >= FORCE_INTERVAL_MILLIS) {
            segment.force(false);
            lastForce = now;
        }
    }

    /** Forces and closes the current segment; the next write opens a new one. */
    private void closeSegment() throws IOException {
        if (segment != null) {
            segment.force(true);
            segment.close();
            segment = null;
        }
    }

    /** Writes everything queued, then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
            closeSegment();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Segment files of a journal directory, oldest first. */
    static List<Path> segments(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (var files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().matches("payload-\\d+-\\d+\\.jsonl")).sorted().toList();
        }
    }
}
