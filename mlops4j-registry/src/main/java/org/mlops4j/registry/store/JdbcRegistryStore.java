package org.mlops4j.registry.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.mlops4j.core.ErrorCode;
import org.mlops4j.core.MlopsException;
import org.mlops4j.core.Page;
import org.mlops4j.core.PageToken;
import org.mlops4j.registry.AuditEntry.Outcome;
import org.mlops4j.registry.ModelStage;
import org.mlops4j.registry.ModelVersion;
import org.mlops4j.registry.RegisteredModel;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.store.jdbc.Sql;
import org.mlops4j.tracking.Tag;
import org.mlops4j.tracking.search.Filter;
import org.mlops4j.tracking.search.FilterSql;
import org.mlops4j.tracking.search.OrderBy;

/** {@link RegistryStore} on SQLite or PostgreSQL. Thread-safe. */
public final class JdbcRegistryStore implements RegistryStore {
    /** MLflow's marker for a soft-deleted version. */
    static final String DELETED_STAGE = "Deleted_Internal";
    private static final String READY = "READY";
    private static final Map<String, String> MODEL_COLUMNS = Map.of("name", "m.name",
            "creation_timestamp", "m.creation_time", "last_updated_timestamp", "m.last_updated_time");
    private static final Map<String, String> VERSION_COLUMNS = Map.of("name", "v.name", "version_number", "v.version",
            "run_id", "v.run_id", "source_path", "v.source", "creation_timestamp", "v.creation_time",
            "last_updated_timestamp", "v.last_updated_time", "current_stage", "v.current_stage");

    private final Database db;
    private final Clock clock;
    private final AuditTrail audit;
    private final RegistryEvents events;
    private final FilterSql filterSql;

    public JdbcRegistryStore(Database db, Clock clock, RegistryEvents events) {
        this.db = db;
        this.clock = clock;
        this.audit = new AuditTrail(clock);
        this.events = events;
        this.filterSql = new FilterSql(db.dialect());
    }

    // ---------------------------------------------------------------- registered models

    @Override
    public RegisteredModel createModel(String name, String description, List<Tag> tags, String actor) {
        return db.write(h -> {
            if (findModel(h, name).isPresent()) {
                throw MlopsException.alreadyExists("Registered Model (name=%s) already exists.", name);
            }
            long now = clock.millis();
            h.createUpdate("INSERT INTO registered_models (name, creation_time, last_updated_time, description) "
                    + "VALUES (?, ?, ?, ?)").bind(0, name).bind(1, now).bind(2, now).bind(3, description).execute();
            tags.forEach(tag -> upsertModelTag(h, name, tag));
            RegisteredModel created = requireModel(h, name);
            audit.append(h, actor, "create_registered_model", Outcome.OK, name, null, null, created, null);
            return created;
        });
    }

    @Override
    public RegisteredModel renameModel(String name, String newName, String actor) {
        return db.write(h -> {
            RegisteredModel before = requireModel(h, name);
            if (findModel(h, newName).isPresent()) {
                throw MlopsException.alreadyExists("Registered Model (name=%s) already exists.", newName);
            }
            // Children follow through ON UPDATE CASCADE; approvals keep their history under the new name.
            h.createUpdate("UPDATE registered_models SET name = ?, last_updated_time = ? WHERE name = ?")
                    .bind(0, newName).bind(1, clock.millis()).bind(2, name).execute();
            RegisteredModel after = requireModel(h, newName);
            audit.append(h, actor, "rename_registered_model", Outcome.OK, name, null, before, after, "renamed to " + newName);
            audit.append(h, actor, "rename_registered_model", Outcome.OK, newName, null, before, after, "renamed from " + name);
            return after;
        });
    }

    @Override
    public RegisteredModel updateModel(String name, String description, String actor) {
        return db.write(h -> {
            RegisteredModel before = requireModel(h, name);
            h.createUpdate("UPDATE registered_models SET description = ?, last_updated_time = ? WHERE name = ?")
                    .bind(0, description).bind(1, clock.millis()).bind(2, name).execute();
            RegisteredModel after = requireModel(h, name);
            audit.append(h, actor, "update_registered_model", Outcome.OK, name, null, before, after, null);
            return after;
        });
    }

    @Override
    public List<String> deleteModel(String name, String actor) {
        return db.write(h -> {
            RegisteredModel before = requireModel(h, name);
            List<String> locations = h.createQuery("SELECT storage_location FROM model_versions WHERE name = ? "
                    + "AND storage_location IS NOT NULL").bind(0, name).mapTo(String.class).list();
            h.createUpdate("DELETE FROM registered_models WHERE name = ?").bind(0, name).execute();
            audit.append(h, actor, "delete_registered_model", Outcome.OK, name, null, before, null, null);
            return locations;
        });
    }

    @Override
    public Optional<RegisteredModel> getModel(String name) {
        return db.read(h -> findModel(h, name));
    }

    private Optional<RegisteredModel> findModel(Handle h, String name) {
        return h.createQuery("SELECT name, creation_time, last_updated_time, description FROM registered_models WHERE name = ?")
                .bind(0, name).map((rs, ctx) -> modelRow(rs)).findOne().map(m -> withDetails(h, List.of(m)).get(0));
    }

    private RegisteredModel requireModel(Handle h, String name) {
        return findModel(h, name)
                .orElseThrow(() -> MlopsException.notFound("Registered Model with name=%s not found", name));
    }

    private static RegisteredModel modelRow(ResultSet rs) throws SQLException {
        return new RegisteredModel(rs.getString("name"), rs.getLong("creation_time"), rs.getLong("last_updated_time"),
                rs.getString("description"), List.of(), List.of(), List.of());
    }

    /** Adds tags, aliases and latest versions per stage to bare model rows. */
    private List<RegisteredModel> withDetails(Handle h, List<RegisteredModel> models) {
        if (models.isEmpty()) {
            return models;
        }
        List<String> names = models.stream().map(RegisteredModel::name).toList();
        Map<String, List<Tag>> tags = new HashMap<>();
        new Sql().append("SELECT name, key, value FROM registered_model_tags WHERE name IN ").appendList(names)
                .append(" ORDER BY key").query(h)
                .map((rs, ctx) -> tags.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new Tag(rs.getString(2), rs.getString(3)))).list();
        Map<String, List<RegisteredModel.Alias>> aliases = new HashMap<>();
        new Sql().append("SELECT name, alias, version FROM registered_model_aliases WHERE name IN ").appendList(names)
                .append(" ORDER BY alias").query(h)
                .map((rs, ctx) -> aliases.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new RegisteredModel.Alias(rs.getString(2), rs.getLong(3)))).list();
        Sql latest = new Sql().append("SELECT v.* FROM model_versions v WHERE v.name IN ").appendList(names)
                .append(" AND v.status = ? AND v.version = (SELECT MAX(x.version) FROM model_versions x WHERE "
                        + "x.name = v.name AND x.current_stage = v.current_stage AND x.status = ?) AND v.current_stage <> ? "
                        + "ORDER BY v.name, v.version", READY, READY, DELETED_STAGE);
        Map<String, List<ModelVersion>> latestByModel = new HashMap<>();
        versions(h, latest).forEach(v -> latestByModel.computeIfAbsent(v.name(), k -> new ArrayList<>()).add(v));
        return models.stream().map(m -> new RegisteredModel(m.name(), m.creationTimestamp(), m.lastUpdatedTimestamp(),
                m.description(), latestByModel.getOrDefault(m.name(), List.of()), tags.getOrDefault(m.name(), List.of()),
                aliases.getOrDefault(m.name(), List.of()))).toList();
    }

    @Override
    public Page<RegisteredModel> searchModels(Optional<Filter> filter, List<OrderBy> orderBy, int maxResults,
                                              String pageToken) {
        long offset = PageToken.offset(pageToken);
        Sql sql = new Sql().append("SELECT m.name, m.creation_time, m.last_updated_time, m.description "
                + "FROM registered_models m WHERE 1 = 1");
        filter.ifPresent(f -> {
            sql.append(" AND ");
            filterSql.predicate(sql, f, (q, c) -> comparison(q, c, MODEL_COLUMNS,
                    "EXISTS (SELECT 1 FROM registered_model_tags t WHERE t.name = m.name AND t.key = ? AND "));
        });
        orderClause(sql, orderBy, MODEL_COLUMNS, "m.name ASC");
        sql.append(" LIMIT ? OFFSET ?", maxResults + 1, offset);
        return db.read(h -> {
            List<RegisteredModel> rows = sql.query(h).map((rs, ctx) -> modelRow(rs)).list();
            return page(withDetails(h, rows.subList(0, Math.min(rows.size(), maxResults))), rows.size() > maxResults,
                    offset, maxResults);
        });
    }

    private static <T> Page<T> page(List<T> items, boolean more, long offset, int maxResults) {
        return new Page<>(items, more ? PageToken.forOffset(offset + maxResults) : null);
    }

    private void comparison(Sql sql, Filter.Comparison c, Map<String, String> columns, String tagExists) {
        if (c.entity() == Filter.Entity.TAG) {
            sql.append(tagExists, c.key());
            filterSql.condition(sql, "t.value", c);
            sql.append(")");
        } else {
            filterSql.condition(sql, column(columns, c.key()), c);
        }
    }

    private static String column(Map<String, String> columns, String key) {
        String column = columns.get(key);
        if (column == null) {
            throw MlopsException.invalidParameter("Invalid attribute key '%s'; valid keys: %s", key,
                    columns.keySet().stream().sorted().toList());
        }
        return column;
    }

    private static void orderClause(Sql sql, List<OrderBy> orderBy, Map<String, String> columns, String tiebreak) {
        sql.append(" ORDER BY ");
        for (OrderBy o : orderBy) {
            if (o.entity() != Filter.Entity.ATTRIBUTE) {
                throw MlopsException.invalidParameter("Can only order by attributes, got '%s'", o.key());
            }
            sql.append(column(columns, o.key()) + (o.ascending() ? " ASC, " : " DESC, "));
        }
        sql.append(tiebreak);
    }

    @Override
    public void setModelTag(String name, Tag tag, String actor) {
        db.writeVoid(h -> {
            RegisteredModel before = requireModel(h, name);
            upsertModelTag(h, name, tag);
            touchModel(h, name);
            audit.append(h, actor, "set_registered_model_tag", Outcome.OK, name, null, before.tags(),
                    requireModel(h, name).tags(), tag.key());
        });
    }

    private static void upsertModelTag(Handle h, String name, Tag tag) {
        h.createUpdate("INSERT INTO registered_model_tags (name, key, value) VALUES (?, ?, ?) "
                + "ON CONFLICT (name, key) DO UPDATE SET value = excluded.value")
                .bind(0, name).bind(1, tag.key()).bind(2, tag.value()).execute();
    }

    @Override
    public void deleteModelTag(String name, String key, String actor) {
        db.writeVoid(h -> {
            RegisteredModel before = requireModel(h, name);
            if (h.createUpdate("DELETE FROM registered_model_tags WHERE name = ? AND key = ?").bind(0, name).bind(1, key)
                    .execute() == 0) {
                throw MlopsException.notFound("No tag with key '%s' on registered model '%s'", key, name);
            }
            touchModel(h, name);
            audit.append(h, actor, "delete_registered_model_tag", Outcome.OK, name, null, before.tags(),
                    requireModel(h, name).tags(), key);
        });
    }

    private void touchModel(Handle h, String name) {
        h.createUpdate("UPDATE registered_models SET last_updated_time = ? WHERE name = ?").bind(0, clock.millis())
                .bind(1, name).execute();
    }

    // ---------------------------------------------------------------- versions

    @Override
    public List<ModelVersion> latestVersions(String name, List<ModelStage> stages) {
        return db.read(h -> {
            RegisteredModel model = requireModel(h, name);
            return model.latestVersions().stream()
                    .filter(v -> stages.isEmpty() || stages.contains(v.currentStage())).toList();
        });
    }

    @Override
    public ModelVersion createVersion(String name, String source, String storageLocation, String runId, String runLink,
                                      String description, List<Tag> tags, String actor) {
        return db.write(h -> {
            requireModel(h, name);
            // The counter row is updated first, which also serialises concurrent creates on PostgreSQL.
            h.createUpdate("UPDATE registered_models SET last_version = last_version + 1, last_updated_time = ? "
                    + "WHERE name = ?").bind(0, clock.millis()).bind(1, name).execute();
            long version = h.createQuery("SELECT last_version FROM registered_models WHERE name = ?").bind(0, name)
                    .mapTo(Long.class).one();
            long now = clock.millis();
            h.createUpdate("INSERT INTO model_versions (name, version, creation_time, last_updated_time, description, "
                            + "user_id, current_stage, source, storage_location, run_id, run_link, status) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .bind(0, name).bind(1, version).bind(2, now).bind(3, now).bind(4, description).bind(5, actor)
                    .bind(6, ModelStage.NONE.wireName()).bind(7, source).bind(8, storageLocation).bind(9, runId)
                    .bind(10, runLink).bind(11, READY).execute();
            tags.forEach(tag -> upsertVersionTag(h, name, version, tag));
            ModelVersion created = requireVersion(h, name, version);
            audit.append(h, actor, "create_model_version", Outcome.OK, name, version, null, created, null);
            events.emit(h, RegistryEvents.MODEL_VERSION_CREATED, name, "version", version, "source", source,
                    "run_id", runId, "user", actor);
            return created;
        });
    }

    @Override
    public ModelVersion updateVersion(String name, long version, String description, String actor) {
        return db.write(h -> {
            ModelVersion before = requireVersion(h, name, version);
            h.createUpdate("UPDATE model_versions SET description = ?, last_updated_time = ? WHERE name = ? AND version = ?")
                    .bind(0, description).bind(1, clock.millis()).bind(2, name).bind(3, version).execute();
            touchModel(h, name);
            ModelVersion after = requireVersion(h, name, version);
            audit.append(h, actor, "update_model_version", Outcome.OK, name, version, before, after, null);
            return after;
        });
    }

    @Override
    public ModelVersion transitionStage(String name, long version, ModelStage stage, boolean archiveExisting,
                                        String requiredApproval, String actor) {
        return db.write(h -> {
            ModelVersion before = requireVersion(h, name, version);
            requireApproval(h, name, version, requiredApproval, "stage '" + stage.wireName() + "'");
            long now = clock.millis();
            if (archiveExisting) {
                List<Long> archived = h.createQuery("SELECT version FROM model_versions WHERE name = ? AND current_stage = ? "
                        + "AND version <> ?").bind(0, name).bind(1, stage.wireName()).bind(2, version).mapTo(Long.class).list();
                for (long other : archived) {
                    ModelVersion otherBefore = requireVersion(h, name, other);
                    setStage(h, name, other, ModelStage.ARCHIVED, now);
                    audit.append(h, actor, "transition_model_version_stage", Outcome.OK, name, other, otherBefore,
                            requireVersion(h, name, other), "archived because version " + version + " entered " + stage.wireName());
                    events.emit(h, RegistryEvents.STAGE_CHANGED, name, "version", other, "from",
                            otherBefore.currentStage().wireName(), "to", ModelStage.ARCHIVED.wireName());
                }
            }
            setStage(h, name, version, stage, now);
            ModelVersion after = requireVersion(h, name, version);
            audit.append(h, actor, "transition_model_version_stage", Outcome.OK, name, version, before, after, null);
            events.emit(h, RegistryEvents.STAGE_CHANGED, name, "version", version, "from",
                    before.currentStage().wireName(), "to", stage.wireName());
            return after;
        });
    }

    private void setStage(Handle h, String name, long version, ModelStage stage, long now) {
        h.createUpdate("UPDATE model_versions SET current_stage = ?, last_updated_time = ? WHERE name = ? AND version = ?")
                .bind(0, stage.wireName()).bind(1, now).bind(2, name).bind(3, version).execute();
        touchModel(h, name);
    }

    /** Inside the caller's transaction, so a decision cannot change between the check and the move. */
    private static void requireApproval(Handle h, String name, long version, String environment, String target) {
        if (environment == null) {
            return;
        }
        Optional<String> decision = h.createQuery("SELECT status FROM approval_requests WHERE name = ? AND version = ? "
                        + "AND environment = ? AND status <> 'PENDING' ORDER BY decided_at DESC, id DESC LIMIT 1")
                .bind(0, name).bind(1, version).bind(2, environment).mapTo(String.class).findOne();
        if (!decision.map("APPROVED"::equals).orElse(false)) {
            throw new MlopsException(ErrorCode.PERMISSION_DENIED, "Version %d of model '%s' is not approved for environment '%s' (%s); %s is protected and only moves to an approved version. Request an approval and have an approver decide it.".formatted(
                    version, name, environment, decision.map(d -> "last decision: " + d).orElse("no decision"), target));
        }
    }

    @Override
    public void deleteVersion(String name, long version, String actor) {
        db.writeVoid(h -> {
            ModelVersion before = requireVersion(h, name, version);
            h.createUpdate("DELETE FROM registered_model_aliases WHERE name = ? AND version = ?").bind(0, name)
                    .bind(1, version).execute();
            // As MLflow: keep the row (so the number is never reused) but hide it and redact its pointers.
            h.createUpdate("UPDATE model_versions SET current_stage = ?, source = 'REDACTED-SOURCE-PATH', run_id = "
                            + "'REDACTED-RUN-ID', run_link = NULL, description = NULL, last_updated_time = ? "
                            + "WHERE name = ? AND version = ?")
                    .bind(0, DELETED_STAGE).bind(1, clock.millis()).bind(2, name).bind(3, version).execute();
            touchModel(h, name);
            audit.append(h, actor, "delete_model_version", Outcome.OK, name, version, before, null, "soft delete");
            events.emit(h, RegistryEvents.MODEL_VERSION_DELETED, name, "version", version, "hard", false);
        });
    }

    @Override
    public String hardDeleteVersion(String name, long version, String actor) {
        return db.write(h -> {
            Optional<String> location = h.createQuery("SELECT storage_location FROM model_versions WHERE name = ? AND version = ?")
                    .bind(0, name).bind(1, version).mapTo(String.class).findOne();
            Optional<ModelVersion> before = findVersion(h, name, version);
            if (h.createUpdate("DELETE FROM model_versions WHERE name = ? AND version = ?").bind(0, name).bind(1, version)
                    .execute() == 0) {
                throw MlopsException.notFound("Model Version (name=%s, version=%d) not found", name, version);
            }
            touchModel(h, name);
            audit.append(h, actor, "hard_delete_model_version", Outcome.OK, name, version, before.orElse(null), null,
                    "rows and files removed");
            events.emit(h, RegistryEvents.MODEL_VERSION_DELETED, name, "version", version, "hard", true);
            return location.orElse(null);
        });
    }

    @Override
    public Optional<ModelVersion> getVersion(String name, long version) {
        return db.read(h -> findVersion(h, name, version));
    }

    private Optional<ModelVersion> findVersion(Handle h, String name, long version) {
        return versions(h, new Sql().append("SELECT v.* FROM model_versions v WHERE v.name = ? AND v.version = ? "
                + "AND v.current_stage <> ?", name, version, DELETED_STAGE)).stream().findFirst();
    }

    ModelVersion requireVersion(Handle h, String name, long version) {
        return findVersion(h, name, version)
                .orElseThrow(() -> MlopsException.notFound("Model Version (name=%s, version=%d) not found", name, version));
    }

    /** Runs a query over {@code model_versions v} and attaches each version's tags and aliases. */
    private static List<ModelVersion> versions(Handle h, Sql sql) {
        List<ModelVersion> bare = sql.query(h).map((rs, ctx) -> versionRow(rs)).list();
        if (bare.isEmpty()) {
            return bare;
        }
        Map<String, List<Tag>> tags = new HashMap<>();
        Map<String, List<String>> aliases = new HashMap<>();
        List<String> names = bare.stream().map(ModelVersion::name).distinct().toList();
        new Sql().append("SELECT name, version, key, value FROM model_version_tags WHERE name IN ").appendList(names)
                .append(" ORDER BY key").query(h)
                .map((rs, ctx) -> tags.computeIfAbsent(rs.getString(1) + "\u0000" + rs.getLong(2), k -> new ArrayList<>())
                        .add(new Tag(rs.getString(3), rs.getString(4)))).list();
        new Sql().append("SELECT name, version, alias FROM registered_model_aliases WHERE name IN ").appendList(names)
                .append(" ORDER BY alias").query(h)
                .map((rs, ctx) -> aliases.computeIfAbsent(rs.getString(1) + "\u0000" + rs.getLong(2), k -> new ArrayList<>())
                        .add(rs.getString(3))).list();
        return bare.stream().map(v -> {
            String key = v.name() + "\u0000" + v.version();
            return new ModelVersion(v.name(), v.version(), v.creationTimestamp(), v.lastUpdatedTimestamp(),
                    v.description(), v.userId(), v.currentStage(), v.source(), v.storageLocation(), v.runId(),
                    v.runLink(), v.status(), v.statusMessage(), tags.getOrDefault(key, List.of()),
                    aliases.getOrDefault(key, List.of()));
        }).toList();
    }

    private static ModelVersion versionRow(ResultSet rs) throws SQLException {
        return new ModelVersion(rs.getString("name"), rs.getLong("version"), rs.getLong("creation_time"),
                rs.getLong("last_updated_time"), rs.getString("description"), rs.getString("user_id"),
                ModelStage.parse(rs.getString("current_stage")), rs.getString("source"),
                rs.getString("storage_location"), rs.getString("run_id"), rs.getString("run_link"),
                rs.getString("status"), rs.getString("status_message"), List.of(), List.of());
    }

    @Override
    public Page<ModelVersion> searchVersions(Optional<Filter> filter, List<OrderBy> orderBy, int maxResults,
                                             String pageToken) {
        long offset = PageToken.offset(pageToken);
        Sql sql = new Sql().append("SELECT v.* FROM model_versions v WHERE v.current_stage <> ?", DELETED_STAGE);
        filter.ifPresent(f -> {
            sql.append(" AND ");
            filterSql.predicate(sql, f, (q, c) -> comparison(q, c, VERSION_COLUMNS, "EXISTS (SELECT 1 FROM "
                    + "model_version_tags t WHERE t.name = v.name AND t.version = v.version AND t.key = ? AND "));
        });
        orderClause(sql, orderBy, VERSION_COLUMNS, "v.name ASC, v.version DESC");
        sql.append(" LIMIT ? OFFSET ?", maxResults + 1, offset);
        return db.read(h -> {
            List<ModelVersion> rows = versions(h, sql);
            return page(rows.subList(0, Math.min(rows.size(), maxResults)), rows.size() > maxResults, offset, maxResults);
        });
    }

    @Override
    public void setVersionTag(String name, long version, Tag tag, String actor) {
        db.writeVoid(h -> {
            ModelVersion before = requireVersion(h, name, version);
            upsertVersionTag(h, name, version, tag);
            audit.append(h, actor, "set_model_version_tag", Outcome.OK, name, version, before.tags(),
                    requireVersion(h, name, version).tags(), tag.key());
        });
    }

    private static void upsertVersionTag(Handle h, String name, long version, Tag tag) {
        h.createUpdate("INSERT INTO model_version_tags (name, version, key, value) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (name, version, key) DO UPDATE SET value = excluded.value")
                .bind(0, name).bind(1, version).bind(2, tag.key()).bind(3, tag.value()).execute();
    }

    @Override
    public void deleteVersionTag(String name, long version, String key, String actor) {
        db.writeVoid(h -> {
            ModelVersion before = requireVersion(h, name, version);
            if (h.createUpdate("DELETE FROM model_version_tags WHERE name = ? AND version = ? AND key = ?")
                    .bind(0, name).bind(1, version).bind(2, key).execute() == 0) {
                throw MlopsException.notFound("No tag with key '%s' on version %d of '%s'", key, version, name);
            }
            audit.append(h, actor, "delete_model_version_tag", Outcome.OK, name, version, before.tags(),
                    requireVersion(h, name, version).tags(), key);
        });
    }

    // ---------------------------------------------------------------- aliases

    @Override
    public void setAlias(String name, String alias, long version, String requiredApproval, String actor) {
        db.writeVoid(h -> {
            requireVersion(h, name, version);
            requireApproval(h, name, version, requiredApproval, "alias '" + alias + "'");
            Optional<Long> previous = aliasTarget(h, name, alias);
            h.createUpdate("INSERT INTO registered_model_aliases (name, alias, version) VALUES (?, ?, ?) "
                    + "ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version")
                    .bind(0, name).bind(1, alias).bind(2, version).execute();
            touchModel(h, name);
            Map<String, Object> before = aliasState(alias, previous.orElse(null));
            audit.append(h, actor, "set_registered_model_alias", Outcome.OK, name, version, before,
                    aliasState(alias, version), null);
            events.emit(h, RegistryEvents.ALIAS_MOVED, name, "alias", alias, "from_version", previous.orElse(null),
                    "to_version", version);
        });
    }

    private static Map<String, Object> aliasState(String alias, Long version) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("alias", alias);
        state.put("version", version);
        return state;
    }

    private static Optional<Long> aliasTarget(Handle h, String name, String alias) {
        return h.createQuery("SELECT version FROM registered_model_aliases WHERE name = ? AND alias = ?")
                .bind(0, name).bind(1, alias).mapTo(Long.class).findOne();
    }

    @Override
    public void deleteAlias(String name, String alias, String actor) {
        db.writeVoid(h -> {
            requireModel(h, name);
            Optional<Long> previous = aliasTarget(h, name, alias);
            if (previous.isEmpty()) {
                throw MlopsException.notFound("Registered model alias %s not found on model %s", alias, name);
            }
            h.createUpdate("DELETE FROM registered_model_aliases WHERE name = ? AND alias = ?").bind(0, name)
                    .bind(1, alias).execute();
            touchModel(h, name);
            audit.append(h, actor, "delete_registered_model_alias", Outcome.OK, name, previous.get(),
                    aliasState(alias, previous.get()), null, null);
            events.emit(h, RegistryEvents.ALIAS_DELETED, name, "alias", alias, "from_version", previous.get());
        });
    }

    @Override
    public Optional<ModelVersion> versionByAlias(String name, String alias) {
        return db.read(h -> {
            requireModel(h, name);
            return aliasTarget(h, name, alias).flatMap(version -> findVersion(h, name, version));
        });
    }
}
