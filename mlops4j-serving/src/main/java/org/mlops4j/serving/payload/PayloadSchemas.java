package org.mlops4j.serving.payload;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import org.mlops4j.core.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feature names of scored requests, kept once instead of in every journal line: a line of a
 * scored request holds its features as an array of values and the id of the names they go with.
 * The names took 330 of a German credit line's 782 bytes, and every byte of a line is paid for
 * several times over (encoded, checked, copied to the ring, written to a segment, read back by
 * the loader). A schema is a file {@code <id>.json} in {@code schemas/} of the journal directory,
 * holding the names as a JSON array; the id is the start of the SHA-256 of that content, so the
 * same names always get the same id, in any process. A schema is on disk, forced, before the
 * first line that names it is journaled. Thread-safe.
 */
public final class PayloadSchemas {
    private static final Logger LOG = LoggerFactory.getLogger(PayloadSchemas.class);
    static final String DIRECTORY = "schemas";
    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {
    };
    /** How long a missing schema is not looked for again: a batch of its lines would look once per line. */
    private static final long MISSING_RECHECK_NANOS = 5_000_000_000L;

    private final Path directory;
    private final ConcurrentMap<String, List<String>> known = new ConcurrentHashMap<>(); // id -> names, on disk
    private final ConcurrentMap<String, Long> missingSince = new ConcurrentHashMap<>(); // id -> nanoTime looked for

    /** The schemas of the journal in {@code journalDirectory}. */
    public PayloadSchemas(Path journalDirectory) {
        this.directory = journalDirectory.resolve(DIRECTORY);
    }

    /**
     * The id of these names, on disk and forced before this returns: written if this journal does
     * not have it yet, and written again if its file was damaged (its names are known here).
     */
    public String register(List<String> names) {
        byte[] content;
        try {
            content = Json.mapper().writeValueAsBytes(names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String id = ShortDigests.of(content);
        List<String> already = known.get(id);
        if (already == null) {
            synchronized (this) {
                try {
                    already = onDisk(id, content);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write payload schema " + id + " in " + directory, e);
                }
                known.put(id, already);
                missingSince.remove(id);
            }
        }
        if (!already.equals(names)) { // two lists of names with the same 64 bits of SHA-256
            throw new IllegalStateException("payload schema id " + id + " is taken by other feature names");
        }
        return id;
    }

    /** The names in the file of {@code id}, written (again) from {@code content} if missing or damaged, and forced. */
    private List<String> onDisk(String id, byte[] content) throws IOException {
        List<String> names;
        try {
            names = read(id);
        } catch (DamagedSchema e) {
            LOG.warn("payload schema file {}.json in {} was damaged; writing it again", id, directory);
            names = null;
        }
        if (names == null) {
            write(id, content);
            return read(id);
        }
        // Found, perhaps left by a process that died before forcing it: force it before lines name it.
        try (FileChannel file = FileChannel.open(directory.resolve(id + ".json"), StandardOpenOption.READ)) {
            file.force(true);
        }
        forceDirectory(directory);
        return names;
    }

    /** The names of schema {@code id}; an id that is malformed or has no schema here is refused. */
    public List<String> names(String id) {
        List<String> names = id == null ? null : known.get(id); // only ids that matched reach the map
        if (names != null) {
            return names;
        }
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalStateException("not a payload schema id: " + id);
        }
        Long lookedFor = missingSince.get(id);
        if (lookedFor != null && System.nanoTime() - lookedFor < MISSING_RECHECK_NANOS) {
            throw missing(id);
        }
        try {
            names = read(id);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read payload schema " + id + " in " + directory, e);
        }
        if (names == null) {
            missingSince.put(id, System.nanoTime());
            throw missing(id);
        }
        known.putIfAbsent(id, names);
        return names;
    }

    private IllegalStateException missing(String id) {
        return new IllegalStateException("payload schema " + id + " is missing from " + directory);
    }

    /** A schema file whose content is not what its name says. */
    private static final class DamagedSchema extends IOException {
        DamagedSchema(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private List<String> read(String id) throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(directory.resolve(id + ".json"));
        } catch (NoSuchFileException e) {
            return null;
        }
        if (!ShortDigests.of(content).equals(id)) { // a file changed by hand would give other names to every line naming it
            throw new DamagedSchema("payload schema file " + id + ".json does not hold the names of its id", null);
        }
        try {
            return List.copyOf(Json.mapper().readValue(content, NAMES));
        } catch (IOException | RuntimeException e) {
            throw new DamagedSchema("payload schema file " + id + ".json is not a list of names", e);
        }
    }

    /** Written whole under a temporary name, forced, renamed over any damaged one, and the rename forced: never seen in part. */
    private void write(String id, byte[] content) throws IOException {
        if (!Files.isDirectory(directory)) {
            PrivateFiles.createDirectories(directory);
            forceDirectory(directory.getParent());
        }
        Path temporary = directory.resolve(id + ".json.tmp");
        Files.deleteIfExists(temporary); // left by a crash before its rename
        PrivateFiles.createFile(temporary);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(content);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(temporary, directory.resolve(id + ".json"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(directory);
    }

    private static void forceDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some platforms cannot open a directory to force it; a rename there is as durable as they make it
        }
    }
}
