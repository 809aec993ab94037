package org.mlops4j.store.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.mlops4j.core.MlopsException;

/**
 * Artifacts in a local directory. Writes go to a temporary file in a hidden staging folder, are
 * fsynced, then moved into place atomically. Symbolic links that lead outside the root are refused,
 * whatever the path says.
 */
public final class LocalArtifactStore implements ArtifactStore {
    private static final String STAGING = ".mlops4j-staging";
    private final Path root;
    private final Path realRoot;

    public LocalArtifactStore(Path root) {
        try {
            Files.createDirectories(root);
            this.root = root.toAbsolutePath().normalize();
            this.realRoot = this.root.toRealPath();
            Files.createDirectories(this.root.resolve(STAGING));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create artifact root " + root, e);
        }
    }

    @Override
    public String rootUri() {
        return root.toUri().toString();
    }

    /** Resolves a path and checks that, following any symbolic links that exist, it stays under the root. */
    private Path resolve(ArtifactPath path) {
        if (!path.isRoot() && path.segments().get(0).equals(STAGING)) {
            throw MlopsException.invalidParameter("Invalid artifact path '%s': reserved name", path);
        }
        Path resolved = root;
        for (String segment : path.segments()) {
            resolved = resolved.resolve(segment);
        }
        Path existing = resolved;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        try {
            if (existing != null && !existing.toRealPath().startsWith(realRoot)) {
                throw MlopsException.invalidParameter(
                        "Invalid artifact path '%s': it leads outside the artifact root through a link", path);
            }
        } catch (NoSuchFileException e) {
            // A dangling link: it cannot be read, and writing through it is refused below.
            throw MlopsException.invalidParameter("Invalid artifact path '%s': it goes through a broken link", path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resolved;
    }

    @Override
    public void put(ArtifactPath path, InputStream content, long length) {
        if (path.isRoot()) {
            throw MlopsException.invalidParameter("An artifact upload needs a file path, not the root");
        }
        Path target = resolve(path);
        if (Files.isDirectory(target)) {
            throw MlopsException.invalidParameter("Artifact path '%s' is a directory", path);
        }
        Path temp = stagingFile();
        try {
            writeDurably(temp, content);
            moveIntoPlace(temp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write artifact " + path, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private void moveIntoPlace(Path temp, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        // Check again: the parent may have been created through a link since resolve().
        if (!target.getParent().toRealPath().startsWith(realRoot)) {
            throw MlopsException.invalidParameter("Invalid artifact path: it leads outside the artifact root");
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Streams into a new file and forces it to disk once at the end (not per write, which is slow). */
    private static void writeDurably(Path file, InputStream content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             OutputStream out = Channels.newOutputStream(channel)) {
            content.transferTo(out);
            channel.force(true);
        }
    }

    private Path stagingFile() {
        return root.resolve(STAGING).resolve(UUID.randomUUID() + ".tmp");
    }

    @Override
    public InputStream open(ArtifactPath path) {
        Path file = resolve(path);
        if (!Files.isRegularFile(file)) {
            throw MlopsException.notFound("Artifact '%s' does not exist", path);
        }
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw MlopsException.notFound("Artifact '%s' does not exist", path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long size(ArtifactPath path) {
        Path file = resolve(path);
        try {
            return Files.isRegularFile(file) ? Files.size(file) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public List<ArtifactEntry> list(ArtifactPath directory) {
        Path dir = resolve(directory);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<ArtifactEntry> entries = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (directory.isRoot() && name.equals(STAGING)) {
                    continue;
                }
                boolean isDir = Files.isDirectory(child);
                entries.add(new ArtifactEntry(name, isDir, isDir ? 0 : Files.size(child)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        entries.sort(Comparator.comparing(ArtifactEntry::path));
        return entries;
    }

    @Override
    public void delete(ArtifactPath path) {
        if (path.isRoot()) {
            throw MlopsException.invalidParameter("Refusing to delete the artifact root");
        }
        Path target = resolve(path);
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(target, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete artifact " + path, e);
        }
    }

    private Path uploadDir(String uploadId) {
        if (uploadId == null || !uploadId.matches("[0-9a-f\\-]{36}")) {
            throw MlopsException.invalidParameter("Invalid multipart upload id '%s'", uploadId);
        }
        return root.resolve(STAGING).resolve("mpu-" + uploadId);
    }

    @Override
    public String startMultipart(ArtifactPath path) {
        resolve(path);
        String uploadId = UUID.randomUUID().toString();
        try {
            Files.createDirectories(uploadDir(uploadId));
            Files.writeString(uploadDir(uploadId).resolve("target"), path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return uploadId;
    }

    private Path existingUpload(ArtifactPath path, String uploadId) {
        Path dir = uploadDir(uploadId);
        try {
            if (!Files.isDirectory(dir) || !Files.readString(dir.resolve("target")).equals(path.toString())) {
                throw MlopsException.notFound("No multipart upload '%s' for artifact '%s'", uploadId, path);
            }
        } catch (IOException e) {
            throw MlopsException.notFound("No multipart upload '%s' for artifact '%s'", uploadId, path);
        }
        return dir;
    }

    @Override
    public String putPart(ArtifactPath path, String uploadId, int partNumber, InputStream content, long length) {
        if (partNumber < 1 || partNumber > 10_000) {
            throw MlopsException.invalidParameter("Part number must be between 1 and 10000, got %d", partNumber);
        }
        Path dir = existingUpload(path, uploadId);
        Path temp = stagingFile();
        try {
            writeDurably(temp, content);
            Files.move(temp, dir.resolve("part-" + partNumber), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            return uploadId + "-" + partNumber + "-" + Files.size(dir.resolve("part-" + partNumber));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(temp);
        }
    }

    @Override
    public void completeMultipart(ArtifactPath path, String uploadId, List<Integer> partNumbers) {
        Path dir = existingUpload(path, uploadId);
        if (partNumbers.isEmpty()) {
            throw MlopsException.invalidParameter("A multipart upload needs at least one part");
        }
        List<Integer> ordered = partNumbers.stream().sorted().distinct().toList();
        Path temp = stagingFile();
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                for (int part : ordered) {
                    Path partFile = dir.resolve("part-" + part);
                    if (!Files.isRegularFile(partFile)) {
                        throw MlopsException.invalidParameter("Part %d of upload '%s' was never uploaded", part, uploadId);
                    }
                    Files.copy(partFile, out);
                }
                channel.force(true);
            }
            moveIntoPlace(temp, resolve(path));
            deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(temp);
        }
    }

    @Override
    public void abortMultipart(ArtifactPath path, String uploadId) {
        deleteTree(existingUpload(path, uploadId));
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(LocalArtifactStore::deleteQuietly);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // Staging leftovers are harmless; the next write uses a fresh name.
        }
    }
}
