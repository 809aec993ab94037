package org.mlops4j.serving.payload;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The payload journal, and the bounded queue between scoring and the payload store.
 *
 * <p>A scoring thread {@link #append appends} its records to a segment file itself, with one {@code
 * write} before the request is answered: data in the OS page cache survives the death of the
 * process, so an answered request's records survive {@code kill -9}. The journal is striped: a few
 * segment files are open at once, each with its own lock, and a thread takes the first stripe it
 * finds free. One file shared by every scoring thread serialised them in the kernel (the file
 * position and inode locks), and a thread holding a lock across the system call was often
 * descheduled on two busy cores while the others queued behind it. Handing records to a writer
 * thread instead cost two thread wake-ups per request. Segments are forced to disk every 200 ms and
 * when they close. Plain file streams, not a {@code FileChannel}: a thread interrupted in a
 * channel's write or force closes the channel, and with it the journal, for every other thread.
 *
 * <p>The queue is the journal's backlog: records appended and not yet catalogued by {@link
 * PayloadLoader} (their segments then become the store), which reports them through {@link #loaded}. It is bounded by {@code
 * capacity}; when full the {@link OverflowPolicy} decides: {@code BLOCK} waits for the loader,
 * {@code SAMPLE} drops the records and counts them.
 *
 * <p>Segment files are named {@code payload-<millis>-<seq>-s<stripe>.jsonl}, one JSON record per
 * line. A stripe's newer segment means its older ones are finished: a restarted log never appends
 * to an old segment, so a torn last line (a write cut by a crash, never acknowledged) stays at the
 * end of its file, where the loader skips it. Thread-safe.
 */
public final class PayloadLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PayloadLog.class);
    private static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
    private static final long FORCE_INTERVAL_MILLIS = 200;
    /** Enough that scoring threads rarely meet at a stripe; each is one open file. */
    private static final int STRIPES = 4;
    private static final Pattern SEGMENT_NAME = Pattern.compile("payload-\\d+-\\d+(?:-s(\\d+))?\\.jsonl");

    private final Path directory;
    private final OverflowPolicy policy;
    private final long capacity;
    private final long maxSegmentBytes;
    private final AtomicLong backlog = new AtomicLong();
    private final ReentrantLock spaceLock = new ReentrantLock(); // only for waiting when the backlog is full
    private final Condition space = spaceLock.newCondition();
    private final Stripe[] stripes;
    private final AtomicLong segmentSeq = new AtomicLong();
    private final ScheduledExecutorService forcer;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    public PayloadLog(Path directory, int capacity, OverflowPolicy policy) {
        this(directory, capacity, policy, DEFAULT_SEGMENT_BYTES, STRIPES);
    }

    /** With segments closed at {@code maxSegmentBytes} (tests rotate often). */
    PayloadLog(Path directory, int capacity, OverflowPolicy policy, long maxSegmentBytes, int stripeCount) {
        this.maxSegmentBytes = maxSegmentBytes;
        this.stripes = new Stripe[stripeCount];
        for (int i = 0; i < stripeCount; i++) {
            stripes[i] = new Stripe(i);
        }
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

    /** The loader catalogued this many records: room for as many in the backlog. */
    public void loaded(long records) {
        release(records);
    }

    /** Records journaled but not yet catalogued: the queue's depth. */
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

    /** Writes through the first free stripe, starting from the thread's own; waits for that one if all are busy. */
    private void write(byte[] bytes) throws IOException {
        int first = (int) (Thread.currentThread().threadId() % stripes.length);
        for (int i = 0; i < stripes.length; i++) {
            Stripe stripe = stripes[(first + i) % stripes.length];
            if (stripe.lock.tryLock()) {
                stripe.writeAndUnlock(bytes);
                return;
            }
        }
        Stripe own = stripes[first];
        own.lock.lock();
        own.writeAndUnlock(bytes);
    }

    private void forceQuietly() {
        for (Stripe stripe : stripes) {
            stripe.forceQuietly();
        }
    }

    /** One open segment at a time, and its lock. */
    private final class Stripe {
        private final ReentrantLock lock = new ReentrantLock();
        private final int index;
        private volatile boolean dirty;
        private FileOutputStream segment; // guarded by lock
        private long segmentBytes; // guarded by lock

        Stripe(int index) {
            this.index = index;
        }

        /** Called holding the lock; releases it. */
        void writeAndUnlock(byte[] bytes) throws IOException {
            try {
                if (closed) {
                    throw new IllegalStateException("payload log is closed");
                }
                if (segment == null) {
                    Path file = directory.resolve("payload-%013d-%06d-s%d.jsonl".formatted(System.currentTimeMillis(),
                            segmentSeq.getAndIncrement(), index));
                    segment = new FileOutputStream(Files.createFile(file).toFile());
                    segmentBytes = 0;
                }
                segment.write(bytes);
                segmentBytes += bytes.length;
                dirty = true;
                if (segmentBytes >= maxSegmentBytes) {
                    closeSegment();
                }
            } finally {
                lock.unlock();
            }
        }

        void forceQuietly() {
            if (!dirty) {
                return;
            }
            FileOutputStream toForce;
            lock.lock();
            try {
                dirty = false;
                toForce = segment;
            } finally {
                lock.unlock();
            }
            if (toForce == null) {
                return;
            }
            try {
                toForce.getFD().sync(); // outside the lock: appends go on meanwhile
            } catch (IOException e) {
                lock.lock();
                try {
                    if (toForce == segment) { // else the segment closed meanwhile, forced by closeSegment
                        LOG.warn("payload journal force failed; retrying", e);
                        dirty = true;
                    }
                } finally {
                    lock.unlock();
                }
            }
        }

        /** Forces and closes the segment; the next write opens a new one. Under the lock. */
        void closeSegment() throws IOException {
            if (segment != null) {
                try (FileOutputStream closing = segment) {
                    segment = null;
                    closing.getFD().sync();
                }
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
        closed = true;
        IOException failure = null;
        for (Stripe stripe : stripes) {
            stripe.lock.lock();
            try {
                stripe.closeSegment();
            } catch (IOException e) {
                failure = e;
            } finally {
                stripe.lock.unlock();
            }
        }
        spaceLock.lock();
        try {
            space.signalAll(); // blocked appends fail now
        } finally {
            spaceLock.unlock();
        }
        if (failure != null) {
            throw new UncheckedIOException(failure);
        }
    }

    /** The stripe a segment file belongs to; segments of the first format, before stripes, form one of their own. */
    static String stripeOf(Path segment) {
        Matcher m = SEGMENT_NAME.matcher(segment.getFileName().toString());
        return m.matches() && m.group(1) != null ? m.group(1) : "";
    }

    /** Whether a file name has the form of a segment's (and so no path separators). */
    static boolean isSegmentName(String name) {
        return SEGMENT_NAME.matcher(name).matches();
    }

    /** Segment files of a journal directory, oldest first. */
    static List<Path> segments(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (var files = Files.list(directory)) {
            return files.filter(p -> SEGMENT_NAME.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
    }
}
