package org.mlops4j.serving.payload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where journal segments lie. A segment is written and loaded in the journal directory; once
 * finished and catalogued it moves to {@code stored/} under it, where the payload store keeps it
 * and the batches that name it find it. The journal directory then holds only what the loader
 * still has to look at. Segment names come from the database, so only names of the journal's own
 * form are resolved: none can point outside these two directories.
 */
final class PayloadSegmentFiles {
    static final String STORED = "stored";

    private final Path journal;
    private final Path stored;

    PayloadSegmentFiles(Path journal) {
        this.journal = journal;
        this.stored = journal.resolve(STORED);
    }

    /** Moves a finished, catalogued segment into the store. Atomic: it is in one place or the other. */
    void store(Path segment) throws IOException {
        Files.createDirectories(stored);
        Files.move(segment, stored.resolve(checkedName(segment.getFileName().toString())), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Bytes {@code [offset, offset + length)} of a segment, wherever it is now. A segment moves at
     * most once, from the journal to the store, so a read that misses it in both looks again where
     * it went.
     */
    byte[] read(String segment, long offset, long length) throws IOException {
        String name = checkedName(segment);
        if (length > Integer.MAX_VALUE - 16) {
            throw new IOException("payload batch of " + length + " bytes in " + name + " is too large to read");
        }
        for (Path file : new Path[] {stored.resolve(name), journal.resolve(name), stored.resolve(name)}) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer bytes = ByteBuffer.allocate((int) length);
                while (bytes.hasRemaining()) {
                    if (channel.read(bytes, offset + bytes.position()) < 0) {
                        throw new IOException("payload segment " + name + " ends before byte " + (offset + length));
                    }
                }
                return bytes.array();
            } catch (NoSuchFileException e) {
                // in the other directory
            }
        }
        throw new NoSuchFileException("payload segment " + name + " is neither in " + journal + " nor in " + stored);
    }

    /** The names of the segments in the store, in no order. */
    List<String> storedSegments() throws IOException {
        if (!Files.isDirectory(stored)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(stored)) {
            return files.map(file -> file.getFileName().toString()).filter(PayloadLog::isSegmentName).toList();
        }
    }

    /** Deletes a segment from the store; false if it was not there. */
    boolean deleteStored(String segment) throws IOException {
        return Files.deleteIfExists(stored.resolve(checkedName(segment)));
    }

    private static String checkedName(String name) {
        if (!PayloadLog.isSegmentName(name)) {
            throw new IllegalArgumentException("not a payload segment name: " + name);
        }
        return name;
    }
}
