package org.mlops4j.serving.payload;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.StampedLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payload journal, and the bounded queue between scoring and the database.
 *
 * <p>A scoring thread {@link #append appends} its records to the current segment file itself, with
 * one {@code write} before the request is answered: data in the OS page cache survives the death of
 * the process, so an answered request's records survive {@code kill -9}. The segment is opened for
 * appending ({@code O_APPEND}), so the kernel places each write whole at the end of the file and
 * scoring threads write concurrently, holding no lock of ours: on two busy cores, a thread holding
 * a lock across a system call was often descheduled, and every other scoring thread queued behind
 * it. Handing records to a writer thread instead cost two thread wake-ups per request. The file is
 * forced to disk every 200 ms and when a segment closes. Plain file streams, not a {@code
 * FileChannel}: a thread interrupted in a channel's write or force closes the channel, and with it
 * the journal, for every other thread.
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
    private static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
    private static final long FORCE_INTERVAL_MILLIS = 200;

    private final Path directory;
    private final OverflowPolicy policy;
    private final long capacity;
    private final long maxSegmentBytes;
    private final AtomicLong backlog = new AtomicLong();
    private final ReentrantLock spaceLock = new ReentrantLock(); // only for waiting when the backlog is full
    private final Condition space = spaceLock.newCondition();
    /** Appends share it; opening, rotating and closing a segment take it exclusively. */
    private final StampedLock segmentLock = new StampedLock();
    private final ScheduledExecutorService forcer;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong segmentBytes = new AtomicLong();
    private volatile boolean closed;
    private volatile boolean dirty;
    private volatile FileOutputStream segment; // replaced under the exclusive segmentLock
    private long segmentSeq; // guarded by the exclusive segmentLock

    public PayloadLog(Path directory, int capacity, OverflowPolicy policy) {
        this(directory, capacity, policy, DEFAULT_SEGMENT_BYTES);
    }

    /** With segments closed at {@code maxSegmentBytes} (tests rotate often). */
    PayloadLog(Path directory, int capacity, OverflowPolicy policy, long maxSegmentBytes) {
        this.maxSegmentBytes = maxSegmentBytes;
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

    /** Journals the records: {@link #append(PayloadLines)} of their encoding. */
    public CompletableFuture<Boolean> append(List<PayloadRecord> records) {
        return append(PayloadCodec.encode(records));
    }

    /**
     * Journals lines encoded by {@link PayloadCodec}. The future is already complete when this
     * returns: true once they are written, false when the {@link OverflowPolicy#SAMPLE} policy
     * dropped them; failed if the journal cannot be written, is closed, or the wait for space was
     * interrupted.
     */
    public CompletableFuture<Boolean> append(PayloadLines lines) {
        int count = lines.count();
        try {
            if (!reserve(count)) {
                dropped.addAndGet(count);
                return CompletableFuture.completedFuture(false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        } catch (IllegalStateException e) {
            return CompletableFuture.failedFuture(e);
        }
        try {
            write(lines.bytes());
            written.addAndGet(count);
            return CompletableFuture.completedFuture(true);
        } catch (IOException | IllegalStateException e) {
            release(count);
            if (e instanceof IOException) {
                LOG.error("payload journal write failed", e);
            }
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Takes room for {@code count} records in the backlog; false when the sample policy drops them. */
    private boolean reserve(int count) throws InterruptedException {
        while (true) {
            if (closed) {
                throw new IllegalStateException("payload log is closed");
            }
            long current = backlog.get();
            if (current > 0 && current + count > capacity) { // an oversized request still fits an empty queue
                if (policy == OverflowPolicy.SAMPLE) {
                    return false;
                }
                awaitSpace(count);
            } else if (backlog.compareAndSet(current, current + count)) {
                return true;
            }
        }
    }

    private void awaitSpace(int count) throws InterruptedException {
        spaceLock.lock();
        try {
            while (!closed) {
                long current = backlog.get();
                if (current == 0 || current + count <= capacity) {
                    return;
                }
                space.await();
            }
        } finally {
            spaceLock.unlock();
        }
    }

    private void release(long records) {
        backlog.updateAndGet(b -> Math.max(0, b - records)); // records of an earlier process were never counted here
        spaceLock.lock();
        try {
            space.signalAll();
        } finally {
            spaceLock.unlock();
        }
    }

    /** The loader moved this many records into the database: room for as many in the backlog. */
    public void loaded(long records) {
        release(records);
    }

    /** Records journaled but not yet in the database: the queue's depth. */
    public long queueDepth() {
        return backlog.get();
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

    private void write(byte[] bytes) throws IOException {
        FileOutputStream out;
        long stamp = segmentLock.readLock();
        try {
            out = segment;
            if (out == null) {
                segmentLock.unlockRead(stamp);
                stamp = 0;
                stamp = openSegment();
                out = segment;
            }
            out.write(bytes); // O_APPEND: one write lands whole, after every earlier one
        } finally {
            if (stamp != 0) {
                segmentLock.unlock(stamp);
            }
        }
        dirty = true;
        if (segmentBytes.addAndGet(bytes.length) >= maxSegmentBytes) {
            rotate(out);
        }
    }

    /** Opens a segment unless another thread did; returns holding the read lock. */
    private long openSegment() throws IOException {
        long stamp = segmentLock.writeLock();
        try {
            if (closed) {
                throw new IllegalStateException("payload log is closed");
            }
            if (segment == null) {
                Path file = directory.resolve("payload-%013d-%06d.jsonl".formatted(System.currentTimeMillis(), segmentSeq++));
                segment = new FileOutputStream(Files.createFile(file).toFile(), true);
                segmentBytes.set(0);
            }
            return segmentLock.tryConvertToReadLock(stamp);
        } catch (IOException | RuntimeException e) {
            segmentLock.unlockWrite(stamp);
            throw e;
        }
    }

    /** Forces and closes a full segment, unless another thread did; the next write opens a new one. */
    private void rotate(FileOutputStream full) throws IOException {
        long stamp = segmentLock.writeLock();
        try {
            if (segment == full) {
                closeSegment();
            }
        } finally {
            segmentLock.unlockWrite(stamp);
        }
    }

    private void forceQuietly() {
        if (!dirty) {
            return;
        }
        dirty = false;
        FileOutputStream toForce = segment;
        if (toForce == null) {
            return;
        }
        try {
            toForce.getFD().sync(); // appends go on meanwhile
        } catch (IOException e) {
            if (toForce == segment) { // else the segment closed meanwhile, forced by closeSegment
                LOG.warn("payload journal force failed; retrying", e);
                dirty = true;
            }
        }
    }

    /** Forces and closes the current segment. Under the exclusive segmentLock. */
    private void closeSegment() throws IOException {
        if (segment != null) {
            try (FileOutputStream closing = segment) {
                segment = null;
                closing.getFD().sync();
            }
        }
    }

    /** Forces what was written and stops; appends after this fail. */
    @Override
    public void close() {
        forcer.shutdown(); // not shutdownNow: let a force under way finish
        try {
            forcer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long stamp = segmentLock.writeLock();
        try {
            closed = true;
            closeSegment();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            segmentLock.unlockWrite(stamp);
        }
        spaceLock.lock();
        try {
            space.signalAll(); // blocked appends fail now
        } finally {
            spaceLock.unlock();
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
