package org.mlops4j.serving.payload;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payload journal's front: a ring of records in a memory-mapped file, into which scoring
 * threads copy their lines before a request is answered, and out of which one drain thread writes
 * them to segment files in large writes. Pages of a mapped file belong to the kernel, so what a
 * thread copied in survives {@code kill -9} of the process; on {@code /dev/shm} the ring's pages
 * never go to disk and, once touched, never fault again. A {@code write} system call per request
 * cost more than the model (its wall time, stalls behind the file system's journal included, was
 * about 7 us under load, against 0.1 us for the copy).
 *
 * <p>Layout: a 4 KiB header, then {@code dataBytes} of slots. A slot at logical position {@code p}
 * (offset {@code p % dataBytes}, 8-aligned) is a {@code long} commit word {@code p << 8 | state},
 * an {@code int} length, an {@code int} CRC-32C of the lines, then the lines. The commit word is
 * written last, with release semantics: a slot whose word does not name its own position is empty,
 * stale (an earlier lap) or torn (its writer died copying it). A slot never straddles the end; a
 * {@code PAD} slot skips the rest of the lap.
 *
 * <p>The header holds two copies of the drain's progress (see {@link Progress}), each with a
 * sequence number and a CRC: they are written in turn, so one is always whole. {@link PayloadLog}
 * serialises puts, and saves of progress; a scan may run beside a put, which is what the commit
 * word's release and acquire are for.
 */
final class PayloadRing implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PayloadRing.class);
    static final int HEADER_BYTES = 4096;
    static final int SLOT_HEADER = 16;
    private static final long MAGIC = 0x6d6c6f7073346a52L; // "mlops4jR"
    private static final int COPY_BYTES = 64;
    private static final long EMPTY = 0;
    private static final long COMMITTED = 1;
    private static final long PAD = 2;
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    /**
     * How far the drain got: ring records before {@code tail} are written, and they end at byte
     * {@code segmentOffset} of the segment {@code segment} (null before the first).
     */
    record Progress(long tail, String segment, long segmentOffset) {
    }

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final MappedByteBuffer map;
    private final long dataBytes;
    private long headerSequence;

    private PayloadRing(Path file, FileChannel channel, FileLock lock, MappedByteBuffer map, long dataBytes, long headerSequence) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.map = map;
        this.dataBytes = dataBytes;
        this.headerSequence = headerSequence;
    }

    /**
     * Where the ring of a journal lives: in {@code directory} if given, else in shared memory when
     * the system has it, else beside the segments. Named after the journal, so journals never
     * share one. Without a directory given, a ring an earlier start left beside the segments is
     * used again (its records are recovered), and another user's file at the name in shared
     * memory (anyone may create it first) sends the ring beside the segments, where no one else
     * can write, instead of stopping the start.
     */
    static Path fileFor(Path journal, Path directory) {
        Path besideSegments = besideSegments(journal);
        String name = besideSegments.getFileName().toString();
        if (directory != null) {
            return directory.resolve(name);
        }
        Path shm = FileSystems.getDefault().getPath("/dev/shm");
        if (Files.exists(besideSegments, LinkOption.NOFOLLOW_LINKS) || !Files.isDirectory(shm) || !Files.isWritable(shm)) {
            return besideSegments;
        }
        Path shared = shm.resolve(name);
        if (Files.exists(shared, LinkOption.NOFOLLOW_LINKS) && ownedByAnotherUser(shared)) {
            LOG.warn("{} belongs to another user; the payload ring goes to {} instead", shared, besideSegments);
            return besideSegments;
        }
        return shared; // if it is ours but not fit to be a ring, opening it says so: it may hold a crash's records
    }

    /** Where a journal's ring goes when shared memory cannot have it. */
    static Path besideSegments(Path journal) {
        return journal.resolve("mlops4j-payload-" + journalId(journal) + ".ring");
    }

    static boolean ownedByAnotherUser(Path file) {
        try {
            return !Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).equals(currentUser(file));
        } catch (IOException | UnsupportedOperationException e) {
            return false; // opening it reports the trouble
        }
    }

    private static UserPrincipal currentUser(Path file) throws IOException {
        return file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
    }

    private static String journalId(Path journal) {
        return ShortDigests.of(journal.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Opens the ring file, creating it with {@code dataBytes} of slots if absent. An existing ring
     * keeps its own size: its records are recovered with the layout they were written in. Fails if
     * another process has it open.
     */
    static PayloadRing open(Path file, long dataBytes) throws IOException {
        if (dataBytes % 8 != 0 || dataBytes < 1024) {
            throw new IllegalArgumentException("ring size must be a multiple of 8 and at least 1 KiB");
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            PrivateFiles.createFile(file);
        }
        // Never through a link, and only a file of our own that no one else may read: the ring's
        // name in /dev/shm is predictable, and it holds requests' features. The file is checked
        // before and after it is opened and must be the same both times: Java cannot ask an open
        // channel who owns its file.
        Object checked = checkPrivate(file, null);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try {
            checkPrivate(file, checked);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this process has it open already
            }
            if (lock == null) {
                throw new IllegalStateException("payload ring " + file + " is in use by another process");
            }
            long size = dataBytes;
            Header header = null;
            if (channel.size() >= HEADER_BYTES) {
                MappedByteBuffer head = channel.map(FileChannel.MapMode.READ_ONLY, 0, HEADER_BYTES);
                head.order(ByteOrder.nativeOrder());
                header = readHeader(head);
                if (header != null && channel.size() >= HEADER_BYTES + header.dataBytes) {
                    size = header.dataBytes;
                } else {
                    header = null;
                }
            }
            if (header == null) {
                allocate(channel, HEADER_BYTES + size);
            }
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, HEADER_BYTES + size);
            map.order(ByteOrder.nativeOrder());
            PayloadRing ring = new PayloadRing(file, channel, lock, map, size, header == null ? 0 : header.sequence);
            if (header == null) {
                ring.saveProgress(new Progress(0, null, 0));
            }
            return ring;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Writes the whole file with zeros, so that its pages exist now. A mapping over a sparse file
     * finds a full file system only when a scoring thread first touches a page, as a SIGBUS (an
     * InternalError in that thread): with {@code /dev/shm} full, every answer would fail. This
     * way the server fails at its start instead, naming the file.
     */
    private static void allocate(FileChannel channel, long bytes) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
        for (long position = 0; position < bytes; ) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), bytes - position));
            position += channel.write(zeros, position);
        }
    }

    /**
     * Refuses a ring file that is not a regular file of ours, with no permission for anyone else
     * and no other name (a hard link to a file of ours would have that file overwritten), or that
     * is not the file {@code expectedKey} names, when given. Returns the file's key (null where
     * the platform has none, or no POSIX attributes: there only the link check of the open holds).
     */
    private static Object checkPrivate(Path file, Object expectedKey) throws IOException {
        Set<String> views = file.getFileSystem().supportedFileAttributeViews();
        if (!views.contains("posix")) {
            return null;
        }
        PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        boolean shared = attributes.permissions().stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
        int links = views.contains("unix")
                ? ((Number) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue() : 1;
        if (!attributes.isRegularFile() || !attributes.owner().equals(currentUser(file)) || shared || links != 1) {
            throw new IllegalStateException("payload ring " + file + " is not a private file of this user (a link, another"
                    + " user's, or readable by others); remove it, or give the payload journal a directory of its own");
        }
        if (expectedKey != null && !expectedKey.equals(attributes.fileKey())) {
            throw new IllegalStateException("payload ring " + file + " was replaced while it was being opened");
        }
        return attributes.fileKey();
    }

    long dataBytes() {
        return dataBytes;
    }

    Path file() {
        return file;
    }

    /** Bytes a slot of {@code length} bytes of lines takes. */
    static long slotBytes(int length) {
        return (SLOT_HEADER + length + 7L) & ~7L;
    }

    /**
     * Writes {@code lines}, whose CRC-32C is {@code crc} (see {@link #crc}), at {@code position} and returns the position after them, or -1 when the
     * ring holds fewer than that many free bytes after {@code tail}. A slot that would straddle the
     * end is preceded by a pad.
     */
    long put(long position, long tail, byte[] lines, int crc) {
        long need = slotBytes(lines.length);
        int offset = offset(position);
        long pad = offset + need > dataBytes ? dataBytes - offset : 0;
        if (position + pad + need - tail > dataBytes) {
            return -1;
        }
        if (pad > 0) {
            LONGS.setRelease(map, HEADER_BYTES + offset, position << 8 | PAD);
            position += pad;
            offset = 0;
        }
        int at = HEADER_BYTES + offset;
        map.putInt(at + 8, lines.length);
        map.putInt(at + 12, crc);
        map.put(at + SLOT_HEADER, lines);
        LONGS.setRelease(map, at, position << 8 | COMMITTED); // last: the slot is whole once this is seen
        return position + need;
    }

    /** The check a slot keeps of its lines. */
    static int crc(byte[] lines, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(lines, offset, length);
        return (int) crc.getValue();
    }

    /** Receives the lines of one slot. */
    @FunctionalInterface
    interface SlotVisitor {
        /** {@code next}: the position after this slot. */
        void visit(long position, long next, int length, int crc) throws IOException;
    }

    /**
     * Visits the committed slots from {@code from}, in order, until {@code to} or the first slot
     * that is not committed at its position; returns where it stopped.
     */
    long scan(long from, long to, SlotVisitor visitor) throws IOException {
        long position = from;
        while (position < to) {
            int offset = offset(position);
            long word = (long) LONGS.getAcquire(map, HEADER_BYTES + offset);
            if (word == (position << 8 | PAD)) {
                position += dataBytes - offset;
                continue;
            }
            if (word != (position << 8 | COMMITTED)) {
                return position;
            }
            int length = map.getInt(HEADER_BYTES + offset + 8);
            long next = position + slotBytes(length);
            if (length < 0 || offset + slotBytes(length) > dataBytes) {
                return position; // only a damaged ring says so
            }
            visitor.visit(position, next, length, map.getInt(HEADER_BYTES + offset + 12));
            position = next;
        }
        return position;
    }

    /** Copies the lines of the slot at {@code position} into {@code target}. */
    void lines(long position, int length, byte[] target, int targetOffset) {
        map.get(HEADER_BYTES + offset(position) + SLOT_HEADER, target, targetOffset, length);
    }

    private int offset(long position) {
        return (int) (position % dataBytes);
    }

    /** Saves the drain's progress in the older of the two header copies. */
    void saveProgress(Progress progress) {
        headerSequence++;
        int at = (int) (headerSequence % 2) * COPY_BYTES;
        byte[] segment = progress.segment() == null ? new byte[0] : progress.segment().getBytes(StandardCharsets.UTF_8);
        if (segment.length > HEADER_BYTES / 4) {
            throw new IllegalArgumentException("segment name too long: " + progress.segment());
        }
        int nameAt = HEADER_BYTES / 2 + (int) (headerSequence % 2) * (HEADER_BYTES / 4);
        map.putLong(at, 0); // the copy is invalid while it is rewritten
        map.putLong(at + 8, dataBytes);
        map.putLong(at + 16, headerSequence);
        map.putLong(at + 24, progress.tail());
        map.putLong(at + 32, progress.segmentOffset());
        map.putInt(at + 40, segment.length);
        map.put(nameAt, segment);
        map.putInt(at + 44, crc(map, at, nameAt, segment.length));
        LONGS.setRelease(map, at, MAGIC);
    }

    /** The drain's last saved progress. */
    Progress progress() {
        Header header = readHeader(map);
        if (header == null) {
            throw new IllegalStateException("payload ring " + file + " has no readable header");
        }
        return header.progress;
    }

    private record Header(long dataBytes, long sequence, Progress progress) {
    }

    private static Header readHeader(MappedByteBuffer map) {
        Header best = null;
        for (int copy = 0; copy < 2; copy++) {
            int at = copy * COPY_BYTES;
            int nameAt = HEADER_BYTES / 2 + copy * (HEADER_BYTES / 4);
            if (map.getLong(at) != MAGIC) {
                continue;
            }
            int nameLength = map.getInt(at + 40);
            if (nameLength < 0 || nameLength > HEADER_BYTES / 4 || map.getInt(at + 44) != crc(map, at, nameAt, nameLength)) {
                continue;
            }
            long sequence = map.getLong(at + 16);
            if (best != null && best.sequence > sequence) {
                continue;
            }
            byte[] name = new byte[nameLength];
            map.get(nameAt, name);
            best = new Header(map.getLong(at + 8), sequence, new Progress(map.getLong(at + 24),
                    nameLength == 0 ? null : new String(name, StandardCharsets.UTF_8), map.getLong(at + 32)));
        }
        return best;
    }

    private static int crc(MappedByteBuffer map, int at, int nameAt, int nameLength) {
        CRC32C crc = new CRC32C();
        crc.update(map.slice(at + 8, 36)); // size, sequence, tail, offset, name length
        crc.update(map.slice(nameAt, nameLength));
        return (int) crc.getValue();
    }

    /** Closes the file, keeping it: a ring left behind is recovered by the next open. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** Closes and deletes the file: everything in it is written elsewhere. */
    void delete() throws IOException {
        try {
            Files.deleteIfExists(file); // while locked: a process that opens it next gets a new file
        } finally {
            close();
        }
    }
}
