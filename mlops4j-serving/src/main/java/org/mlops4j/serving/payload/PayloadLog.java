package org.mlops4j.serving.payload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payload journal, and the bounded queue between scoring and the database.
 *
 * <p>A scoring thread {@link #append appends} its records to the current segment file itself, with
 * one {@code write} under a lock, before the request is answered: data in the OS page cache survives
 * the death of the process, so an answered request's records survive {@code kill -9}. That costs a
 * few microseconds; handing the records to a writer thread and waiting for it cost two thread
 * wake-ups per request, which on two cores was most of what payload logging cost. The file is
 * forced to disk every 200 ms and when a segment closes.
 *
 * <p>The queue is the journal's backlog: records appended and not yet moved into the database by
 * {@link PayloadLoader}, which reports them through {@link #loaded}. It is bounded by {@code
 * capacity}; when full the {@link OverflowPolicy} decides: {@code BLOCK} waits for the loader,
 * {@code SAMPLE} drops the records and counts them.
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
    private final long capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition space = lock.newCondition();
    private final ScheduledExecutorService forcer;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private long backlog; // guarded by lock
    private boolean closed; // guarded by lock
    private boolean dirty; // guarded by lock
    private FileChannel segment; // guarded by lock
    private long segmentBytes; // guarded by lock
    private long segmentSeq; // guarded by lock

    public PayloadLog(Path directory, int capacity, OverflowPolicy policy) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.directory = directory;
        this.policy = policy;
        this.capacity = capacity;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create payload directory " + directory, e);
        }
        this.forcer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("mlops4j-payload-force")
                .daemon(true).unstarted(r));
        forcer.scheduleWithFixedDelay(this::forceQuietly, FORCE_INTERVAL_MILLIS, FORCE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Journals the records. The future is already complete when this returns: true once they are
     * written, false when the {@link OverflowPolicy#SAMPLE} policy dropped them; failed if the
     * journal cannot be written or the wait for space was interrupted.
     */
    public CompletableFuture<Boolean> append(List<PayloadRecord> records) {
        byte[] lines = PayloadCodec.encode(records); // outside the lock
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("payload log is closed");
            }
            while (backlog > 0 && backlog + records.size() > capacity) {
                if (policy == OverflowPolicy.SAMPLE) {
                    dropped.addAndGet(records.size());
                    return CompletableFuture.completedFuture(false);
                }
                space.await();
                if (closed) {
                    throw new IllegalStateException("payload log is closed");
                }
            }
            write(ByteBuffer.wrap(lines));
            backlog += records.size();
            written.addAndGet(records.size());
            return CompletableFuture.completedFuture(true);
        } catch (IOException e) {
            LOG.error("payload journal write failed", e);
            return CompletableFuture.failedFuture(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        } finally {
            lock.unlock();
        }
    }

    /** The loader moved this many records into the database: room for as many in the backlog. */
    public void loaded(long records) {
        lock.lock();
        try {
            backlog = Math.max(0, backlog - records); // records of an earlier process were never counted here
            space.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Records journaled but not yet in the database: the queue's depth. */
    public long queueDepth() {
        lock.lock();
        try {
            return backlog;
        } finally {
            lock.unlock();
        }
    }

    public long queueCapacity() {
        return capacity;
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

    private void write(ByteBuffer bytes) throws IOException {
        FileChannel channel = currentSegment();
        int length = bytes.remaining();
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        segmentBytes += length;
        dirty = true;
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

    private void forceQuietly() {
        FileChannel toForce;
        lock.lock();
        try {
            toForce = dirty ? segment : null;
            dirty = false;
        } finally {
            lock.unlock();
        }
        if (toForce != null) {
            try {
                toForce.force(false); // outside the lock: appends go on meanwhile
            } catch (IOException e) {
                LOG.warn("payload journal force failed; retrying", e);
                lock.lock();
                dirty = true;
                lock.unlock();
            }
        }
    }

    /** Forces and closes the current segment; the next write opens a new one. Under the lock. */
    private void closeSegment() throws IOException {
        if (segment != null) {
            segment.force(true);
            segment.close();
            segment = null;
        }
    }

    /** Forces what was written and stops; appends after this fail. */
    @Override
    public void close() {
        forcer.shutdownNow();
        lock.lock();
        try {
            closed = true;
            space.signalAll();
            closeSegment();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
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
