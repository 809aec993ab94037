package org.mlops4j.data.registry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;
import org.mlops4j.core.MlopsException;
import org.mlops4j.data.schema.Schema;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.store.jdbc.SqlDialect;

/**
 * {@link DatasetStore} on SQLite or PostgreSQL (migrations {@code db/data/<dialect>/}). Version
 * numbers are assigned under a lock on the dataset's row (PostgreSQL {@code FOR UPDATE}; SQLite has
 * one writer), so concurrent registrations of one dataset get distinct numbers. Thread-safe.
 */
public final class JdbcDatasetStore implements DatasetStore {
    private static final String VERSION_COLUMNS = "name, version, digest, source, source_type, format, row_count, "
            + "column_count, size_bytes, creation_time";
    private final Database db;

    public JdbcDatasetStore(Database db) {
        this.db = db;
    }

    /** Migrates the registry's tables and returns a store on them. */
    public static JdbcDatasetStore migrated(Database db) {
        db.migrate("data");
        return new JdbcDatasetStore(db);
    }

    @Override
    public Registration insertVersion(NewVersion v, long now) {
        return db.write(h -> {
            h.createUpdate("INSERT INTO data_datasets (name, creation_time) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")
                    .bind(0, v.name()).bind(1, now).execute();
            if (db.dialect() == SqlDialect.POSTGRESQL) {
                h.createQuery("SELECT name FROM data_datasets WHERE name = ? FOR UPDATE").bind(0, v.name())
                        .mapTo(String.class).one();
            }
            Optional<DatasetVersion> existing = findByDigest(h, v.name(), v.digest());
            if (existing.isPresent()) {
                return new Registration(existing.get(), false);
            }
            int next = h.createQuery("SELECT COALESCE(MAX(version), 0) + 1 FROM data_dataset_versions WHERE name = ?")
                    .bind(0, v.name()).mapTo(Integer.class).one();
            h.createUpdate("INSERT INTO data_dataset_versions (" + VERSION_COLUMNS + ", profile) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .bind(0, v.name()).bind(1, next).bind(2, v.digest()).bind(3, v.source()).bind(4, v.sourceType())
                    .bind(5, v.format()).bind(6, v.rowCount()).bind(7, v.columnCount()).bind(8, v.sizeBytes())
                    .bind(9, now).bind(10, v.profileJson()).execute();
            insertSchema(h, v.name(), next, 1, v.schemaJson(), "inferred", now);
            return new Registration(new DatasetVersion(v.name(), next, v.digest(), v.source(), v.sourceType(),
                    v.format(), v.rowCount(), v.columnCount(), v.sizeBytes(), now), true);
        });
    }

    private static void insertSchema(Handle h, String name, int version, int revision, String json, String note,
                                     long now) {
        h.createUpdate("INSERT INTO data_schemas (name, version, revision, schema_json, note, creation_time) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .bind(0, name).bind(1, version).bind(2, revision).bind(3, json).bind(4, note).bind(5, now).execute();
    }

    @Override
    public Optional<DatasetVersion> get(String name, int version) {
        return db.read(h -> h.createQuery("SELECT " + VERSION_COLUMNS
                        + " FROM data_dataset_versions WHERE name = ? AND version = ?")
                .bind(0, name).bind(1, version).map(JdbcDatasetStore::mapVersion).findOne());
    }

    @Override
    public Optional<DatasetVersion> findByDigest(String name, String digest) {
        return db.read(h -> findByDigest(h, name, digest));
    }

    private static Optional<DatasetVersion> findByDigest(Handle h, String name, String digest) {
        return h.createQuery("SELECT " + VERSION_COLUMNS + " FROM data_dataset_versions WHERE name = ? AND digest = ?")
                .bind(0, name).bind(1, digest).map(JdbcDatasetStore::mapVersion).findOne();
    }

    @Override
    public List<DatasetVersion> versions(String name) {
        return db.read(h -> h.createQuery("SELECT " + VERSION_COLUMNS
                        + " FROM data_dataset_versions WHERE name = ? ORDER BY version")
                .bind(0, name).map(JdbcDatasetStore::mapVersion).list());
    }

    @Override
    public List<String> names() {
        return db.read(h -> h.createQuery("SELECT name FROM data_datasets ORDER BY name").mapTo(String.class).list());
    }

    @Override
    public Optional<String> profile(String name, int version) {
        return db.read(h -> h.createQuery("SELECT profile FROM data_dataset_versions WHERE name = ? AND version = ?")
                .bind(0, name).bind(1, version).mapTo(String.class).findOne());
    }

    @Override
    public SchemaRevision saveSchema(String name, int version, String schemaJson, String note, long now) {
        return db.write(h -> {
            requireVersion(h, name, version);
            int next = h.createQuery("SELECT COALESCE(MAX(revision), 0) + 1 FROM data_schemas "
                            + "WHERE name = ? AND version = ?")
                    .bind(0, name).bind(1, version).mapTo(Integer.class).one();
            insertSchema(h, name, version, next, schemaJson, note, now);
            return new SchemaRevision(name, version, next, Schema.fromJson(schemaJson), note, now);
        });
    }

    private static void requireVersion(Handle h, String name, int version) {
        String lock = "SELECT version FROM data_dataset_versions WHERE name = ? AND version = ?";
        if (h.createQuery(lock).bind(0, name).bind(1, version).mapTo(Integer.class).findOne().isEmpty()) {
            throw MlopsException.notFound("Dataset '%s' has no version %d", name, version);
        }
    }

    @Override
    public Optional<SchemaRevision> schema(String name, int version) {
        return db.read(h -> h.createQuery("SELECT name, version, revision, schema_json, note, creation_time "
                        + "FROM data_schemas WHERE name = ? AND version = ? ORDER BY revision DESC")
                .bind(0, name).bind(1, version).map(JdbcDatasetStore::mapSchema).findFirst());
    }

    @Override
    public List<SchemaRevision> schemaHistory(String name, int version) {
        return db.read(h -> h.createQuery("SELECT name, version, revision, schema_json, note, creation_time "
                        + "FROM data_schemas WHERE name = ? AND version = ? ORDER BY revision")
                .bind(0, name).bind(1, version).map(JdbcDatasetStore::mapSchema).list());
    }

    @Override
    public void recordLineage(String name, int version, String runId, String context, long now) {
        db.writeVoid(h -> {
            requireVersion(h, name, version);
            h.createUpdate("INSERT INTO data_lineage (name, version, run_id, context, creation_time) "
                            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (name, version, run_id, context) DO NOTHING")
                    .bind(0, name).bind(1, version).bind(2, runId).bind(3, context).bind(4, now).execute();
        });
    }

    @Override
    public List<LineageRecord> lineage(String name, int version) {
        return db.read(h -> h.createQuery("SELECT name, version, run_id, context, creation_time FROM data_lineage "
                        + "WHERE name = ? AND version = ? ORDER BY creation_time, run_id, context")
                .bind(0, name).bind(1, version).map(JdbcDatasetStore::mapLineage).list());
    }

    @Override
    public List<LineageRecord> lineageOfRun(String runId) {
        return db.read(h -> h.createQuery("SELECT name, version, run_id, context, creation_time FROM data_lineage "
                        + "WHERE run_id = ? ORDER BY name, version, context")
                .bind(0, runId).map(JdbcDatasetStore::mapLineage).list());
    }

    private static DatasetVersion mapVersion(ResultSet rs, StatementContext ctx) throws SQLException {
        return new DatasetVersion(rs.getString("name"), rs.getInt("version"), rs.getString("digest"),
                rs.getString("source"), rs.getString("source_type"), rs.getString("format"), rs.getLong("row_count"),
                rs.getInt("column_count"), rs.getLong("size_bytes"), rs.getLong("creation_time"));
    }

    private static SchemaRevision mapSchema(ResultSet rs, StatementContext ctx) throws SQLException {
        return new SchemaRevision(rs.getString("name"), rs.getInt("version"), rs.getInt("revision"),
                Schema.fromJson(rs.getString("schema_json")), rs.getString("note"), rs.getLong("creation_time"));
    }

    private static LineageRecord mapLineage(ResultSet rs, StatementContext ctx) throws SQLException {
        return new LineageRecord(rs.getString("name"), rs.getInt("version"), rs.getString("run_id"),
                rs.getString("context"), rs.getLong("creation_time"));
    }
}
