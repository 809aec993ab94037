package org.mlops4j.data.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.mlops4j.core.Json;
import org.mlops4j.core.MlopsException;
import org.mlops4j.data.Table;
import org.mlops4j.data.io.DataFormat;
import org.mlops4j.data.io.ReadOptions;
import org.mlops4j.data.io.TableReader;
import org.mlops4j.data.schema.Schema;
import org.mlops4j.data.schema.SchemaInference;
import org.mlops4j.data.stats.DatasetStatistics;
import org.mlops4j.data.stats.Statistics;
import org.mlops4j.store.artifact.ArtifactPath;
import org.mlops4j.store.artifact.ArtifactStore;
import org.mlops4j.store.jdbc.Database;

/**
 * Registers dataset files as versions of named datasets, keeps their statistics and schemas, and
 * records lineage.
 *
 * <p>Registration is atomic: the file is digested and parsed completely (any corrupt input fails
 * here, naming the file, line and column), statistics and schema are computed, and only then is the
 * version written, in one transaction. The same content registered twice under one name is one
 * version. When an {@link ArtifactStore} is given, the file is also copied, content-addressed, under
 * {@code datasets/sha256/<digest>/}, so the version outlives the original file. Thread-safe.
 */
public final class DatasetRegistry {
    private static final int MAX_NAME_LENGTH = 256;
    private final DatasetStore store;
    private final ArtifactStore artifacts;
    private final Clock clock;

    /** @param artifacts where to keep a copy of each version's file, or null to record only the source path */
    public DatasetRegistry(DatasetStore store, ArtifactStore artifacts, Clock clock) {
        this.store = store;
        this.artifacts = artifacts;
        this.clock = clock;
    }

    /** Migrates the registry's tables on {@code db} and wires the JDBC store. */
    public static DatasetRegistry onDatabase(Database db, ArtifactStore artifacts, Clock clock) {
        return new DatasetRegistry(JdbcDatasetStore.migrated(db), artifacts, clock);
    }

    public Registration register(String name, Path file) {
        return register(name, file, ReadOptions.defaults());
    }

    public Registration register(String name, Path file, ReadOptions options) {
        checkName(name);
        String digest = digest(file);
        Table table = TableReader.read(file, options);
        DatasetStatistics statistics = Statistics.of(table);
        Schema schema = SchemaInference.infer(statistics);
        if (!digest(file).equals(digest)) {
            throw MlopsException.invalidState("%s changed while it was being registered", file);
        }
        var existing = store.findByDigest(name, digest);
        if (existing.isPresent()) {
            return new Registration(existing.get(), false);
        }
        String source = file.toAbsolutePath().normalize().toString();
        String sourceType = "local";
        if (artifacts != null) {
            ArtifactPath path = ArtifactPath.of("datasets/sha256/" + digest + "/" + file.getFileName());
            try (InputStream in = Files.newInputStream(file)) {
                artifacts.put(path, in, Files.size(file));
            } catch (IOException e) {
                throw MlopsException.invalidParameter("%s: cannot read: %s", file, e.getMessage());
            }
            source = artifacts.rootUri().replaceAll("/+$", "") + "/" + path;
            sourceType = "artifact";
        }
        DataFormat format = options.format() != null ? options.format() : DataFormat.ofPath(file);
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw MlopsException.invalidParameter("%s: cannot read: %s", file, e.getMessage());
        }
        NewVersion version = new NewVersion(name, digest, source, sourceType, format.name().toLowerCase(Locale.ROOT),
                table.rowCount(), table.columnCount(), size, toJson(statistics), schema.toJson());
        return store.insertVersion(version, clock.millis());
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH
                || name.chars().anyMatch(Character::isISOControl)) {
            throw MlopsException.invalidParameter("A dataset name must be 1 to %d printable characters, got '%s'",
                    MAX_NAME_LENGTH, name);
        }
    }

    /** SHA-256 of the file's bytes, lower-case hex. */
    public static String digest(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw MlopsException.notFound("%s: cannot read: %s", file, e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    public DatasetVersion get(String name, int version) {
        return store.get(name, version)
                .orElseThrow(() -> MlopsException.notFound("Dataset '%s' has no version %d", name, version));
    }

    public DatasetVersion latest(String name) {
        List<DatasetVersion> versions = store.versions(name);
        if (versions.isEmpty()) {
            throw MlopsException.notFound("No dataset named '%s'", name);
        }
        return versions.get(versions.size() - 1);
    }

    public List<DatasetVersion> versions(String name) {
        return store.versions(name);
    }

    public List<String> names() {
        return store.names();
    }

    public DatasetStatistics statistics(String name, int version) {
        String json = store.profile(name, version)
                .orElseThrow(() -> MlopsException.notFound("Dataset '%s' has no version %d", name, version));
        try {
            return Json.mapper().readValue(json, DatasetStatistics.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored statistics of " + name + " v" + version + " are unreadable", e);
        }
    }

    /** The current (latest revision of the) schema of a version. */
    public SchemaRevision schema(String name, int version) {
        return store.schema(name, version)
                .orElseThrow(() -> MlopsException.notFound("Dataset '%s' has no version %d", name, version));
    }

    public List<SchemaRevision> schemaHistory(String name, int version) {
        return store.schemaHistory(name, version);
    }

    /** Saves an edited schema as the version's next revision; earlier revisions are kept. */
    public SchemaRevision updateSchema(String name, int version, Schema schema, String note) {
        return store.saveSchema(name, version, schema.toJson(), note, clock.millis());
    }

    /** Records that a run used a version (idempotent). */
    public void recordLineage(String name, int version, String runId, String context) {
        if (runId == null || runId.isBlank() || context == null || context.isBlank()) {
            throw MlopsException.invalidParameter("Lineage needs a run id and a context");
        }
        store.recordLineage(name, version, runId, context, clock.millis());
    }

    public List<LineageRecord> lineage(String name, int version) {
        return store.lineage(name, version);
    }

    public List<LineageRecord> lineageOfRun(String runId) {
        return store.lineageOfRun(runId);
    }

    /** The statistics as stored (and as logged on runs). */
    public static String toJson(DatasetStatistics statistics) {
        try {
            return Json.mapper().writeValueAsString(statistics);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write statistics as JSON", e);
        }
    }
}
