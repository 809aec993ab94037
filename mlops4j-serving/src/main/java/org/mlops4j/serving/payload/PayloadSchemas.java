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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import org.mlops4j.core.Json;

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
    static final String DIRECTORY = "schemas";
    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {
    };

    private final Path directory;
    private final ConcurrentMap<String, List<String>> known = new ConcurrentHashMap<>(); // id -> names, on disk

    /** The schemas of the journal in {@code journalDirectory}. */
    public PayloadSchemas(Path journalDirectory) {
        this.directory = journalDirectory.resolve(DIRECTORY);
    }

    /** The id of these names, written to disk first if this journal does not have it yet. */
    public String register(List<String> names) {
        byte[] content;
        try {
            content = Json.mapper().writeValueAsBytes(names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String id = idOf(content);
        List<String> already = known.get(id);
        if (already != null) {
            if (!already.equals(names)) {
                throw new IllegalStateException("payload schema id " + id + " is taken by other feature names");
            }
            return id;
        }
        synchronized (this) {
            try {
                List<String> onDisk = read(id);
                if (onDisk == null) {
                    write(id, content);
                } else if (!onDisk.equals(names)) {
                    throw new IllegalStateException("payload schema id " + id + " is taken by other feature names");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write payload schema " + id + " in " + directory, e);
            }
            known.put(id, List.copyOf(names));
        }
        return id;
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
        try {
            names = read(id);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read payload schema " + id + " in " + directory, e);
        }
        if (names == null) {
            throw new IllegalStateException("payload schema " + id + " is missing from " + directory);
        }
        known.putIfAbsent(id, names);
        return names;
    }

    private List<String> read(String id) throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(directory.resolve(id + ".json"));
        } catch (NoSuchFileException e) {
            return null;
        }
        if (!idOf(content).equals(id)) { // a file changed by hand would give other names to every line naming it
            throw new IOException("payload schema file " + id + ".json does not hold the names of its id");
        }
        return List.copyOf(Json.mapper().readValue(content, NAMES));
    }

    /** Written whole under a temporary name, forced, renamed, and the rename forced: never seen in part. */
    private void write(String id, byte[] content) throws IOException {
        PrivateFiles.createDirectories(directory);
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
        Files.move(temporary, directory.resolve(id + ".json"), StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some platforms cannot open a directory to force it; the rename is then as durable as they make it
        }
    }

    private static String idOf(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JVM has SHA-256
        }
    }
}
