package org.mlops4j.train.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.mlops4j.core.Json;
import org.mlops4j.core.MlopsException;
import org.mlops4j.store.artifact.ArtifactPath;
import org.mlops4j.store.artifact.ArtifactStore;
import org.mlops4j.train.feature.FeaturePipeline;
import org.mlops4j.train.predict.MarginModel;

/**
 * A model bundle held in memory: its files by relative path, {@code bundle.json} included. Built by
 * {@link #create}, read back by {@link #read(Path)} (or from an artifact store), written by
 * {@link #writeTo(Path)}. Immutable and thread-safe.
 *
 * <p>The {@link #digest()} is {@code sha256:} + the SHA-256 of the manifest: one line per file, in
 * path order, formatted as {@code sha256sum} prints it ({@code <hex>  <path>\n}), so
 * {@code find . -type f | sed 's|^./||' | LC_ALL=C sort | xargs sha256sum | sha256sum} run inside
 * the bundle directory gives the same hex.
 */
public final class ModelBundle {
    private final BundleDescriptor descriptor;
    private final SortedMap<String, byte[]> files;

    private ModelBundle(BundleDescriptor descriptor, SortedMap<String, byte[]> files) {
        this.descriptor = descriptor;
        this.files = Collections.unmodifiableSortedMap(files);
    }

    /**
     * Assembles a bundle; {@code descriptor.files()} is ignored and recomputed.
     *
     * @param modelBytes   the model file, stored at {@code descriptor.modelFile()}
     * @param inputExample JSON of a few input rows ({@code {"columns": [...], "data": [[...]]}})
     */
    public static ModelBundle create(BundleDescriptor descriptor, FeaturePipeline pipeline, byte[] modelBytes,
                                     JsonNode inputExample) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        files.put(BundleDescriptor.PIPELINE_FILE, CanonicalJson.bytes(pipeline.toJson()));
        files.put(BundleDescriptor.INPUT_EXAMPLE_FILE, CanonicalJson.bytes(inputExample));
        ArtifactPath.of(descriptor.modelFile());
        files.put(descriptor.modelFile(), modelBytes.clone());
        Map<String, String> hashes = new TreeMap<>();
        files.forEach((path, bytes) -> hashes.put(path, sha256(bytes)));
        BundleDescriptor complete = descriptor.withFiles(hashes);
        files.put(BundleDescriptor.FILE_NAME, CanonicalJson.bytes(complete.toJson()));
        return new ModelBundle(complete, files);
    }

    public BundleDescriptor descriptor() {
        return descriptor;
    }

    /** Every file by relative path, in path order (the arrays are shared: do not modify). */
    public SortedMap<String, byte[]> files() {
        return files;
    }

    public byte[] file(String path) {
        byte[] bytes = files.get(path);
        if (bytes == null) {
            throw MlopsException.notFound("Bundle has no file '%s'", path);
        }
        return bytes;
    }

    public FeaturePipeline pipeline() {
        return FeaturePipeline.fromJson(readJson(BundleDescriptor.PIPELINE_FILE));
    }

    public MarginModel model() {
        return MarginModel.parse(descriptor.flavor(), file(descriptor.modelFile()));
    }

    public JsonNode inputExample() {
        return readJson(BundleDescriptor.INPUT_EXAMPLE_FILE);
    }

    private JsonNode readJson(String path) {
        try {
            return Json.mapper().readTree(file(path));
        } catch (IOException e) {
            throw MlopsException.invalidParameter("Bundle file %s is not valid JSON: %s", path, e.getMessage());
        }
    }

    /** {@code sha256:<hex>} over the manifest of all files (see the class comment). */
    public String digest() {
        StringBuilder manifest = new StringBuilder();
        // Every file but the descriptor is listed, verified, with its SHA-256 in the descriptor.
        files.forEach((path, bytes) -> manifest.append(path.equals(BundleDescriptor.FILE_NAME) ? sha256(bytes)
                : descriptor.files().get(path)).append("  ").append(path).append('\n'));
        return "sha256:" + sha256(manifest.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Writes the files under {@code dir}, which must not exist or be empty. */
    public void writeTo(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (var entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw MlopsException.invalidParameter("Bundle directory %s is not empty", dir);
                    }
                }
            }
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Path target = dir.resolve(e.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write bundle to " + dir, e);
        }
    }

    /** Writes every file into an artifact store under {@code dir}. */
    public void writeTo(ArtifactStore store, ArtifactPath dir) {
        files.forEach((path, bytes) -> store.put(dir.resolve(path), new ByteArrayInputStream(bytes), bytes.length));
    }

    /** Reads and verifies a bundle directory. */
    public static ModelBundle read(Path dir) {
        Path root;
        try {
            root = dir.toRealPath();
        } catch (IOException e) {
            throw MlopsException.notFound("No bundle at %s", dir);
        }
        return load(path -> {
            Path file = root.resolve(ArtifactPath.of(path).toString());
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !file.toRealPath().startsWith(root)) {
                throw MlopsException.invalidParameter("Bundle at %s lacks the regular file %s", dir, path);
            }
            return Files.readAllBytes(file);
        }, dir.toString());
    }

    /** Reads and verifies a bundle stored under {@code dir} in an artifact store. */
    public static ModelBundle read(ArtifactStore store, ArtifactPath dir) {
        return load(path -> {
            try (InputStream in = store.open(dir.resolve(path))) {
                return in.readAllBytes();
            }
        }, dir.toString());
    }

    /** Verifies a bundle given as files by path. */
    public static ModelBundle fromFiles(Map<String, byte[]> files) {
        return load(path -> {
            byte[] bytes = files.get(path);
            if (bytes == null) {
                throw MlopsException.invalidParameter("Bundle lacks the file %s", path);
            }
            return bytes;
        }, "(in memory)");
    }

    private interface FileSource {
        byte[] read(String path) throws IOException;
    }

    private static ModelBundle load(FileSource source, String where) {
        try {
            byte[] descriptorBytes = source.read(BundleDescriptor.FILE_NAME);
            BundleDescriptor descriptor = BundleDescriptor.fromJson(Json.mapper().readTree(descriptorBytes));
            SortedMap<String, byte[]> files = new TreeMap<>();
            files.put(BundleDescriptor.FILE_NAME, descriptorBytes);
            for (Map.Entry<String, String> e : descriptor.files().entrySet()) {
                ArtifactPath.of(e.getKey());
                byte[] bytes = source.read(e.getKey());
                if (!sha256(bytes).equals(e.getValue())) {
                    throw MlopsException.invalidParameter("Bundle file %s does not match its SHA-256 in %s: the bundle "
                            + "at %s was modified or is incomplete", e.getKey(), BundleDescriptor.FILE_NAME, where);
                }
                files.put(e.getKey(), bytes);
            }
            return new ModelBundle(descriptor, files);
        } catch (IOException e) {
            throw MlopsException.invalidParameter("Cannot read bundle at %s: %s", where, e.getMessage());
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
