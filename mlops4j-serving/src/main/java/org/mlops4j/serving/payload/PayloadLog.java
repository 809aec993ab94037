package org.mlops4j.serving.payload;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payload journal, and the bounded queue between scoring and the payload store.
 *
 * <p>A scoring thread {@link #append appends} its records by copying them into the {@link
 * PayloadRing}, a memory-mapped file, before the request is answered: mapped pages belong to the
 * kernel, so an answered request's records survive {@code kill -9}. One drain thread moves them
 * from the ring to segment files in large writes, and the next start recovers whatever a crash
 * left in the ring, exactly once (see {@link #recover}). Writing each request's lines with its own
 * {@code write} call, even striped over a few files, cost a fifth of the scoring throughput: the
 * call's wall time under load averaged 7 us, a percent of them stalled over 100 us behind the
 * file system's journal, against some 0.1 us for the copy. Segments are forced to disk every
 * 200 ms and when they close. Plain file streams, not a {@code FileChannel}: a thread interrupted
 * in a channel's write or force closes the channel, and with it the journal.
 *
 * <p>The queue is the journal's backlog: records appended and not yet catalogued by {@link
 * PayloadLoader} (their segments then become the store), which reports them through {@link
 * #loaded}. It is bounded by {@code capacity}; when full, or when the ring is, the {@link
 * OverflowPolicy} decides: {@code BLOCK} waits, {@code SAMPLE} drops the records and counts them.
 *
 * <p>Segment files are named {@code payload-<millis>-<seq>-s<stripe>.jsonl}, one JSON record per
 * line; the drain writes stripe 0 (earlier versions wrote several). A stripe's newer segment means
 * its older ones are finished: a restarted log never appends to an old segment, so a torn last line
 * (a write cut by a crash) stays at the end of its file, where the loader skips it. Thread-safe.
 */
public final class PayloadLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PayloadLog.class);
    private static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
    private static final long DEFAULT_RING_BYTES = 16L * 1024 * 1024;
    private static final long FORCE_INTERVAL_MILLIS = 200;
    /** How long the drain sleeps when the ring is empty: it only delays cataloguing, never an answer. */
    private static final long DRAIN_IDLE_NANOS = 2_000_000;
    /** Bytes the drain gathers per segment write. */
    private static final int DRAIN_CHUNK = 1 << 20;
    private static final Pattern SEGMENT_NAME = Pattern.compile("payload-\\d+-\\d+(?:-s(\\d+))?\\.jsonl");
    /** Tests stop a log here, between naming a new segment and writing to it, as a crash would. */
    static volatile Runnable crashPointAfterNaming = () -> { };
    static final SegmentWrite PLAIN_SEGMENT_WRITE = (out, bytes, offset, length) -> out.write(bytes, offset, length);
    /** Every segment write goes through here; tests make it fail part-way, as a full disk would. */
    static volatile SegmentWrite segmentWrite = PLAIN_SEGMENT_WRITE;
    private static final Pattern SEGMENT_MILLIS = Pattern.compile("payload-(\\d+)-");

    private final Path directory;
    private final PayloadSchemas schemas;
    private final OverflowPolicy policy;
    private final long capacity;
    private final long maxSegmentBytes;
    private final AtomicLong backlog = new AtomicLong();
    private final ReentrantLock spaceLock = new ReentrantLock(); // only for waiting when the backlog is full
    private final Condition space = spaceLock.newCondition();
    private final PayloadRing ring;
    private final Object ringLock = new Object(); // guards ring writes, head and tail
    private long head; // guarded by ringLock: the next slot's position
    private long tail; // guarded by ringLock: slots before it are in a segment
    private final ReentrantLock drainLock = new ReentrantLock(); // one drain at a time
    private byte[] drainBuffer; // guarded by drainLock
    private final SegmentWriter segment = new SegmentWriter();
    private final AtomicLong segmentSeq = new AtomicLong();
    private final Thread drainer;
    private final ScheduledExecutorService forcer;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;
    private final AtomicBoolean shutDown = new AtomicBoolean();

    public PayloadLog(Path directory, int capacity, OverflowPolicy policy) {
        this(directory, capacity, policy, null);
    }

    /**
     * With the ring in {@code ringDirectory}; null for {@code /dev/shm} where the system has it,
     * else the journal directory. A directory that outlives the process is what matters: in a
     * container restarted with a new {@code /dev/shm}, name a volume.
     */
    public PayloadLog(Path directory, int capacity, OverflowPolicy policy, Path ringDirectory) {
        this(directory, capacity, policy, DEFAULT_SEGMENT_BYTES, PayloadRing.fileFor(directory, ringDirectory),
                ringDirectory == null ? PayloadRing.besideSegments(directory) : null, DEFAULT_RING_BYTES, true);
    }

    /**
     * With segments closed at {@code maxSegmentBytes} and the ring in {@code ringFile} (tests use
     * small ones); without {@code drainInBackground} the ring is only written out by {@link #flush}
     * and {@link #close}, so that a test can leave records in it.
     */
    PayloadLog(Path directory, int capacity, OverflowPolicy policy, long maxSegmentBytes, Path ringFile, long ringBytes,
               boolean drainInBackground) {
        this(directory, capacity, policy, maxSegmentBytes, ringFile, null, ringBytes, drainInBackground);
    }

    /**
     * With {@code ringFallback}, where the ring goes if {@code ringFile} turns out to be another
     * user's when it is opened: the name in {@code /dev/shm} is free to take, and someone may take
     * it between the choice of {@code ringFile} and its opening. Null where there is no choice.
     */
    PayloadLog(Path directory, int capacity, OverflowPolicy policy, long maxSegmentBytes, Path ringFile, Path ringFallback,
               long ringBytes, boolean drainInBackground) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.maxSegmentBytes = maxSegmentBytes;
        this.drainBuffer = new byte[(int) Math.min(DRAIN_CHUNK, maxSegmentBytes)]; // chunks never overrun a segment much
        this.directory = directory;
        this.schemas = new PayloadSchemas(directory);
        this.policy = policy;
        this.capacity = capacity;
        try {
            PrivateFiles.createDirectories(directory);
            PrivateFiles.createDirectories(ringFile.toAbsolutePath().getParent());
            segment.lastSegmentMillis = newestSegmentMillis(directory);
            this.ring = openRing(ringFile, ringFallback, ringBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open payload journal " + directory, e);
        }
        try {
            recover();
        } catch (IOException | RuntimeException e) {
            closeQuietly(ring);
            throw e instanceof IOException io ? new UncheckedIOException("cannot recover payload ring " + ring.file(), io)
                    : (RuntimeException) e;
        }
        this.drainer = drainInBackground
                ? Thread.ofPlatform().name("mlops4j-payload-drain").daemon(true).start(this::drainLoop) : null;
        this.forcer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("mlops4j-payload-force")
                .daemon(true).unstarted(r));
        forcer.scheduleWithFixedDelay(segment::forceQuietly, FORCE_INTERVAL_MILLIS, FORCE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Moves what a crash left in the ring to a new segment. The segment the drain was writing may
     * already hold some of it: a crash between its write and the saving of its progress. Those
     * records are recognised by their bytes, which must follow the saved offset exactly, and are
     * not written again; a partial last line stays behind as that segment's torn tail.
     */
    private void recover() throws IOException {
        PayloadRing.Progress progress = ring.progress();
        Written written = new Written(progress.tail(), 0);
        if (progress.segment() != null) {
            written = skipWritten(progress, segmentBytesAfter(progress));
        }
        long start = written.position();
        int skip = written.skipBytes();
        // The progress the new segment is named with must start here: a crash between naming it
        // and its first write would otherwise send the next start back to the ring's beginning.
        segment.closeSegment(start);
        long[] recovered = {0};
        long end = ring.scan(start, Long.MAX_VALUE, (at, next, length, crc) -> {
            byte[] lines = new byte[length];
            ring.lines(at, length, lines, 0);
            if (PayloadRing.crc(lines, 0, length) != crc) { // only damaged memory does this: keep the rest
                LOG.error("payload ring {}: the slot at {} does not match its checksum; its {} bytes are skipped",
                        ring.file(), at, length);
                return;
            }
            int from = at == start ? skip : 0; // lines of a slot cut short that are in the old segment already
            segment.write(lines, from, length - from, next);
            for (int i = Newlines.indexOf(lines, from, length); i >= 0; i = Newlines.indexOf(lines, i + 1, length)) {
                recovered[0]++;
            }
        });
        segment.closeSegment(end);
        ring.saveProgress(new PayloadRing.Progress(end, null, 0)); // all of it is in forced segments
        head = end;
        tail = end;
        if (end > start) {
            LOG.info("payload journal: recovered {} records the last run had acknowledged but not yet written", recovered[0]);
        }
    }

    /** The bytes of the progress's segment after its saved offset; empty when the file is gone. */
    private byte[] segmentBytesAfter(PayloadRing.Progress progress) throws IOException {
        Path file = segmentFile(progress.segment());
        if (file == null) {
            return new byte[0];
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long extra = channel.size() - progress.segmentOffset();
            if (extra <= 0) {
                return new byte[0];
            }
            ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(extra, Integer.MAX_VALUE - 8));
            while (bytes.hasRemaining() && channel.read(bytes, progress.segmentOffset() + bytes.position()) > 0) {
                // read it all
            }
            return bytes.array();
        }
    }

    /** A segment by name, in the journal or already in the store; null if in neither. */
    private Path segmentFile(String name) {
        for (Path candidate : new Path[] {directory.resolve(name), directory.resolve(PayloadSegmentFiles.STORED).resolve(name)}) {
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Where recovery starts: the first slot not wholly in the segment, and how many of its bytes
     * are (whole lines only; a partial line stays behind as the segment's torn tail).
     */
    private record Written(long position, int skipBytes) {
    }

    /**
     * The slots, from the saved tail, whose lines {@code written} begins with. A write cut short
     * by the crash may end inside a slot of several lines: its whole lines are in the segment and
     * are skipped too.
     */
    private Written skipWritten(PayloadRing.Progress progress, byte[] written) throws IOException {
        long[] matched = {progress.tail(), 0, 0}; // position, bytes of written matched, skip in that slot
        boolean[] done = {false};
        byte[][] lines = {new byte[0]};
        ring.scan(progress.tail(), Long.MAX_VALUE, (at, next, length, crc) -> {
            if (done[0] || matched[0] != at) {
                return;
            }
            if (lines[0].length < length) {
                lines[0] = new byte[length];
            }
            ring.lines(at, length, lines[0], 0);
            int offset = (int) matched[1];
            int present = Math.min(length, written.length - offset);
            if (present <= 0 || !Arrays.equals(lines[0], 0, present, written, offset, offset + present)) {
                done[0] = true;
            } else if (present == length) {
                matched[0] = next;
                matched[1] += length;
            } else {
                int lastNewline = -1;
                for (int i = Newlines.indexOf(lines[0], 0, present); i >= 0; i = Newlines.indexOf(lines[0], i + 1, present)) {
                    lastNewline = i;
                }
                matched[2] = lastNewline + 1;
                done[0] = true;
            }
        });
        return new Written(matched[0], (int) matched[2]);
    }

    /**
     * The feature names lines of this journal may give as a schema id ({@link
     * PayloadCodec.RequestHeader#schema}), instead of in every line.
     */
    public PayloadSchemas schemas() {
        return schemas;
    }

    /** Journals the records: {@link #append(PayloadLines)} of their encoding. */
    public CompletableFuture<Boolean> append(List<PayloadRecord> records) {
        return append(PayloadCodec.encode(records));
    }

    /**
     * Journals lines encoded by {@link PayloadCodec}. The future is already complete when this
     * returns: true once they are in the ring, false when the {@link OverflowPolicy#SAMPLE} policy
     * dropped them; failed if the journal is closed or the wait for space was interrupted.
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
            if (!put(lines.bytes())) {
                release(count);
                dropped.addAndGet(count);
                return CompletableFuture.completedFuture(false);
            }
            written.addAndGet(count);
            return CompletableFuture.completedFuture(true);
        } catch (IOException | IllegalStateException | InterruptedException e) {
            release(count);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            } else if (e instanceof IOException) {
                LOG.error("payload journal write failed", e);
            }
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Copies the lines into the ring; false when it is full and the policy samples. Lines too large
     * for a quarter of the ring are written to the segment directly.
     */
    private boolean put(byte[] bytes) throws IOException, InterruptedException {
        if (PayloadRing.slotBytes(bytes.length) > ring.dataBytes() / 4) {
            if (segment.uncut != null) {
                drain(); // resumes after the failed write first
            }
            segment.writeDirect(bytes);
            return true;
        }
        int crc = PayloadRing.crc(bytes, 0, bytes.length); // outside the lock
        synchronized (ringLock) {
            while (true) {
                if (closed) {
                    throw new IllegalStateException("payload log is closed");
                }
                long next = ring.put(head, tail, bytes, crc);
                if (next >= 0) {
                    head = next;
                    return true;
                }
                if (policy == OverflowPolicy.SAMPLE) {
                    return false;
                }
                if (drainer != null) {
                    LockSupport.unpark(drainer);
                }
                ringLock.wait(1);
            }
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

    /** Writes everything appended so far to the segment files, e.g. before a load reads them. */
    private static PayloadRing openRing(Path file, Path fallback, long bytes) throws IOException {
        try {
            return PayloadRing.open(file, bytes);
        } catch (IOException | IllegalStateException e) { // refused as not ours, or created by another as we did
            if (fallback == null || fallback.equals(file) || !PayloadRing.ownedByAnotherUser(file)) {
                throw e;
            }
            LOG.warn("{} became another user's as the payload ring was opened; the ring goes to {} instead", file, fallback);
            return PayloadRing.open(fallback, bytes);
        }
    }

    public void flush() {
        try {
            drain();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the payload journal", e);
        }
    }

    private void drainLoop() {
        while (!closed) {
            try {
                if (drain() == 0) {
                    LockSupport.parkNanos(DRAIN_IDLE_NANOS);
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("payload journal drain failed; retrying", e);
                LockSupport.parkNanos(100 * DRAIN_IDLE_NANOS);
            }
        }
    }

    /** Moves the ring's slots, as they are now, to the segment; returns the bytes moved. */
    private long drain() throws IOException {
        drainLock.lock();
        try {
            if (segment.uncut != null) {
                resumeAfterUncutWrite();
            }
            long from;
            long to;
            synchronized (ringLock) {
                from = tail;
                to = head;
            }
            if (from == to) {
                return 0;
            }
            int[] filled = {0};
            long[] chunkEnd = {from};
            long moved = ring.scan(from, to, (at, next, length, crc) -> {
                if (filled[0] > 0 && filled[0] + length > drainBuffer.length) {
                    writeChunk(filled[0], chunkEnd[0]);
                    filled[0] = 0;
                }
                if (length > drainBuffer.length) {
                    drainBuffer = new byte[length];
                }
                ring.lines(at, length, drainBuffer, filled[0]);
                filled[0] += length;
                chunkEnd[0] = next;
            });
            if (moved != to) {
                throw new IllegalStateException("payload ring slot at " + moved + " is not committed");
            }
            writeChunk(filled[0], to);
            return to - from;
        } finally {
            drainLock.unlock();
        }
    }

    /**
     * After a failed write that could not be cut off, its segment ends with some of the lines it
     * was writing: whole ones, and perhaps part of one. As after a crash, the whole lines are
     * recognised by their bytes (against the progress saved before that write) and not written
     * again; the rest go to a new segment, and the partial line stays behind as the old one's torn
     * tail. The old segment is forced first: the lines skipped must be on disk before the ring's
     * progress moves past them. Under the drain lock. A second failure while the rest of a
     * request's rows are written, or a crash then, may write that one request's first rows twice.
     */
    private void resumeAfterUncutWrite() throws IOException {
        PayloadRing.Progress before = segment.uncut;
        Path old = segmentFile(before.segment());
        if (old != null) {
            try (FileChannel channel = FileChannel.open(old, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }
        Written written = skipWritten(before, segmentBytesAfter(before));
        long newTail = written.position();
        if (written.skipBytes() == 0) {
            segment.resumeAt(newTail);
        } else { // a slot of several lines, cut after some of them
            long to;
            synchronized (ringLock) {
                to = head;
            }
            byte[][] cut = {null};
            long[] next = {newTail};
            ring.scan(newTail, to, (at, after, length, crc) -> {
                if (cut[0] == null) {
                    cut[0] = new byte[length];
                    ring.lines(at, length, cut[0], 0);
                    next[0] = after;
                }
            });
            segment.resumeWith(newTail, cut[0], written.skipBytes(), next[0]);
            newTail = next[0];
        }
        synchronized (ringLock) {
            tail = newTail;
            ringLock.notifyAll();
        }
    }

    /** Writes the gathered lines, records the progress, and frees their slots. */
    private void writeChunk(int length, long newTail) throws IOException {
        segment.write(drainBuffer, 0, length, newTail);
        synchronized (ringLock) {
            tail = newTail;
            ringLock.notifyAll();
        }
    }

    /**
     * The segment the drain writes. Its progress in the ring header is saved after every write,
     * under the same lock, so that after a crash at most the last write's lines need matching.
     */
    private final class SegmentWriter {
        private final ReentrantLock lock = new ReentrantLock();
        private volatile boolean dirty;
        private FileOutputStream out; // guarded by lock
        private String name; // guarded by lock
        private long bytes; // guarded by lock
        private long ringTail; // guarded by lock: the tail saved with the last write
        private long lastSegmentMillis; // guarded by lock
        /**
         * The progress before a failed write that could not be cut off its segment, until the
         * drain has resumed after it ({@link #resumeAfterUncutWrite}); else null. Set under lock.
         */
        private volatile PayloadRing.Progress uncut;

        /** Writes ring lines that end the ring at {@code newTail}. */
        void write(byte[] lines, int offset, int length, long newTail) throws IOException {
            lock.lock();
            try {
                append(lines, offset, length, newTail);
            } finally {
                lock.unlock();
            }
        }

        /** Writes lines that never were in the ring. */
        void writeDirect(byte[] lines) throws IOException {
            lock.lock();
            try {
                if (closed) {
                    throw new IllegalStateException("payload log is closed");
                }
                if (uncut != null) { // a new segment now would hide the lines the drain must skip
                    throw new IOException("payload journal: a failed write is not yet resumed");
                }
                append(lines, 0, lines.length, ringTail);
            } finally {
                lock.unlock();
            }
        }

        /** Resumes after an uncut failed write, all of whose whole slots end before {@code newTail}. */
        void resumeAt(long newTail) {
            lock.lock();
            try {
                ringTail = newTail;
                ring.saveProgress(new PayloadRing.Progress(newTail, null, 0)); // the old segment is forced
                uncut = null;
            } finally {
                lock.unlock();
            }
        }

        /** The same, the slot at {@code slot} cut after {@code skip} of its bytes: the rest go to a new segment. */
        void resumeWith(long slot, byte[] lines, int skip, long newTail) throws IOException {
            lock.lock();
            try {
                ringTail = slot;
                append(lines, skip, lines.length - skip, newTail);
                uncut = null;
            } finally {
                lock.unlock();
            }
        }

        private void append(byte[] lines, int offset, int length, long newTail) throws IOException {
            if (length > 0) {
                if (out == null) {
                    open();
                }
                try {
                    segmentWrite.write(out, lines, offset, length);
                } catch (IOException e) {
                    rollBack(e);
                    throw e;
                }
                bytes += length;
                dirty = true;
            }
            ringTail = newTail;
            if (name != null) {
                ring.saveProgress(new PayloadRing.Progress(newTail, name, bytes));
            }
            if (bytes >= maxSegmentBytes) {
                closeSegment(newTail);
            }
        }

        /**
         * Cuts what a failed write left (a disk full mid-write) off the segment, so that the retry
         * neither merges a partial line with its first line nor writes whole lines twice. If the
         * cut fails too, the segment is finished as it is, the next write starts a new one, and the
         * drain first skips the lines the old one holds ({@link #resumeAfterUncutWrite}).
         */
        private void rollBack(IOException failure) {
            try {
                FileChannel channel = out.getChannel();
                channel.truncate(bytes);
                channel.position(bytes);
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
                LOG.error("payload segment {}: a failed write could not be cut off; the segment ends there", name, e);
                closeQuietly(out);
                if (uncut == null) { // a second failure while resuming: the first segment still holds the lines to skip
                    uncut = new PayloadRing.Progress(ringTail, name, bytes);
                }
                out = null;
                name = null;
            }
        }

        private void open() throws IOException {
            // Names sort in writing order even if the clock steps back: the loader takes a segment
            // with a newer name to mean that this one is finished.
            long millis = Math.max(System.currentTimeMillis(), lastSegmentMillis + 1);
            lastSegmentMillis = millis;
            name = "payload-%013d-%06d-s0.jsonl".formatted(millis, segmentSeq.getAndIncrement());
            out = new FileOutputStream(PrivateFiles.createFile(directory.resolve(name)).toFile());
            bytes = 0;
            // Named before anything is written to it: after a crash, recovery compares its bytes.
            ring.saveProgress(new PayloadRing.Progress(ringTail, name, 0));
            crashPointAfterNaming.run();
        }

        void forceQuietly() {
            if (!dirty) {
                return;
            }
            FileOutputStream toForce;
            lock.lock();
            try {
                dirty = false;
                toForce = out;
            } finally {
                lock.unlock();
            }
            if (toForce == null) {
                return;
            }
            try {
                toForce.getFD().sync(); // outside the lock: writes go on meanwhile
            } catch (IOException e) {
                lock.lock();
                try {
                    if (toForce == out) { // else the segment closed meanwhile, forced by closeSegment
                        LOG.warn("payload journal force failed; retrying", e);
                        dirty = true;
                    }
                } finally {
                    lock.unlock();
                }
            }
        }

        /** Forces and closes the segment; the next write opens a new one. */
        void closeSegment(long newTail) throws IOException {
            lock.lock();
            try {
                ringTail = newTail;
                if (out != null) {
                    try (FileOutputStream closing = out) {
                        out = null;
                        closing.getFD().sync();
                    }
                }
                name = null;
            } finally {
                lock.unlock();
            }
        }
    }

    /** Writes and forces what was appended and stops; appends after this fail. Closing again does nothing. */
    @Override
    public void close() {
        if (!shutDown.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        synchronized (ringLock) {
            ringLock.notifyAll(); // appends waiting for ring space fail now
        }
        stopDrainer();
        forcer.shutdown(); // not shutdownNow: let a force under way finish
        try {
            forcer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        IOException failure = null;
        try {
            drain();
            long end;
            synchronized (ringLock) {
                end = tail;
            }
            segment.closeSegment(end);
        } catch (IOException e) {
            failure = e;
        }
        spaceLock.lock();
        try {
            space.signalAll(); // blocked appends fail now
        } finally {
            spaceLock.unlock();
        }
        try {
            if (failure == null) {
                ring.delete(); // everything in it is in a forced segment
            } else {
                ring.close(); // the next start recovers it
            }
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        }
        if (failure != null) {
            throw new UncheckedIOException(failure);
        }
    }

    private void stopDrainer() {
        if (drainer == null) {
            return;
        }
        LockSupport.unpark(drainer);
        try {
            drainer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops without writing the ring out, as a killed process would; for recovery tests. */
    void abandon() throws IOException {
        shutDown.set(true);
        closed = true;
        stopDrainer();
        forcer.shutdownNow();
        drainLock.lock(); // a drain under way finishes first
        drainLock.unlock();
        segment.closeSegment(tail);
        ring.close();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("cannot close {}", closeable, e);
        }
    }

    /** The millisecond in the newest segment's name, or 0. */
    private static long newestSegmentMillis(Path directory) throws IOException {
        List<Path> existing = segments(directory);
        if (existing.isEmpty()) {
            return 0;
        }
        Matcher m = SEGMENT_MILLIS.matcher(existing.getLast().getFileName().toString());
        return m.lookingAt() ? Long.parseLong(m.group(1)) : 0;
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

    @FunctionalInterface
    interface SegmentWrite {
        void write(FileOutputStream out, byte[] bytes, int offset, int length) throws IOException;
    }
}
