package org.mlops4j.data.registry;

import java.util.List;
import java.util.Optional;

/**
 * Storage of the dataset registry. Every method is one transaction. Implementations are thread-safe.
 */
public interface DatasetStore {
    /**
     * Stores a new version (numbered one above the dataset's latest), its statistics and its first
     * schema revision, creating the dataset if needed; all or nothing. If the dataset already has a
     * version with the same digest, that version is returned and nothing is written.
     */
    Registration insertVersion(NewVersion version, long now);

    Optional<DatasetVersion> get(String name, int version);

    Optional<DatasetVersion> findByDigest(String name, String digest);

    /** Versions of a dataset, oldest first; empty when there is no such dataset. */
    List<DatasetVersion> versions(String name);

    /** Dataset names, sorted. */
    List<String> names();

    /** The statistics JSON stored with a version. */
    Optional<String> profile(String name, int version);

    /** Adds a schema revision; RESOURCE_DOES_NOT_EXIST when there is no such version. */
    SchemaRevision saveSchema(String name, int version, String schemaJson, String note, long now);

    /** The latest schema revision of a version. */
    Optional<SchemaRevision> schema(String name, int version);

    /** All schema revisions of a version, oldest first. */
    List<SchemaRevision> schemaHistory(String name, int version);

    /** Records that a run used a version; recording the same fact twice is not an error. */
    void recordLineage(String name, int version, String runId, String context, long now);

    List<LineageRecord> lineage(String name, int version);

    List<LineageRecord> lineageOfRun(String runId);
}
