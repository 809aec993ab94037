package org.mlops4j.tracking.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.mlops4j.core.MlopsException;
import org.mlops4j.core.Page;
import org.mlops4j.core.PageToken;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.store.jdbc.Sql;
import org.mlops4j.tracking.LifecycleStage;
import org.mlops4j.tracking.LoggedModel;
import org.mlops4j.tracking.Param;
import org.mlops4j.tracking.Tag;
import org.mlops4j.tracking.search.Filter;
import org.mlops4j.tracking.search.FilterSql;
import org.mlops4j.tracking.search.OrderBy;

/** {@link LoggedModelStore} on SQLite or PostgreSQL. Thread-safe. */
public final class JdbcLoggedModelStore implements LoggedModelStore {
    private static final Map<String, String> COLUMNS = Map.of("name", "lm.name", "model_id", "lm.model_id",
            "model_type", "lm.model_type", "status", "lm.status", "source_run_id", "lm.source_run_id",
            "creation_timestamp", "lm.creation_time", "last_updated_timestamp", "lm.last_updated_time");

    private final Database db;
    private final FilterSql filterSql;

    public JdbcLoggedModelStore(Database db) {
        this.db = db;
        this.filterSql = new FilterSql(db.dialect());
    }

    @Override
    public void create(LoggedModel m) {
        db.writeVoid(h -> {
            h.createUpdate("INSERT INTO logged_models (model_id, experiment_id, name, artifact_location, creation_time, "
                            + "last_updated_time, status, model_type, source_run_id, lifecycle_stage) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .bind(0, m.modelId()).bind(1, Long.parseLong(m.experimentId())).bind(2, m.name())
                    .bind(3, m.artifactLocation()).bind(4, m.creationTimestamp()).bind(5, m.lastUpdatedTimestamp())
                    .bind(6, m.status().wireName()).bind(7, m.modelType()).bind(8, m.sourceRunId())
                    .bind(9, LifecycleStage.ACTIVE.wireName()).execute();
            m.tags().forEach(tag -> upsertTag(h, m.modelId(), tag));
            insertParams(h, m.modelId(), m.params());
        });
    }

    @Override
    public Optional<LoggedModel> get(String modelId) {
        return db.read(h -> find(h, modelId));
    }

    private static Optional<LoggedModel> find(Handle h, String modelId) {
        List<LoggedModel> found = withDetails(h, h.createQuery("SELECT * FROM logged_models WHERE model_id = ? AND "
                + "lifecycle_stage = 'active'").bind(0, modelId).map((rs, ctx) -> row(rs)).list());
        return found.stream().findFirst();
    }

    private static void require(Handle h, String modelId) {
        if (find(h, modelId).isEmpty()) {
            throw MlopsException.notFound("Logged model with ID '%s' not found", modelId);
        }
    }

    private static void touch(Handle h, String modelId, long now) {
        h.createUpdate("UPDATE logged_models SET last_updated_time = ? WHERE model_id = ?").bind(0, now).bind(1, modelId)
                .execute();
    }

    @Override
    public void setStatus(String modelId, LoggedModel.Status status, long now) {
        db.writeVoid(h -> {
            require(h, modelId);
            h.createUpdate("UPDATE logged_models SET status = ?, last_updated_time = ? WHERE model_id = ?")
                    .bind(0, status.wireName()).bind(1, now).bind(2, modelId).execute();
        });
    }

    @Override
    public void delete(String modelId, long now) {
        db.writeVoid(h -> {
            require(h, modelId);
            h.createUpdate("UPDATE logged_models SET lifecycle_stage = 'deleted', last_updated_time = ? WHERE model_id = ?")
                    .bind(0, now).bind(1, modelId).execute();
        });
    }

    @Override
    public void setTags(String modelId, List<Tag> tags, long now) {
        db.writeVoid(h -> {
            require(h, modelId);
            tags.forEach(tag -> upsertTag(h, modelId, tag));
            touch(h, modelId, now);
        });
    }

    private static void upsertTag(Handle h, String modelId, Tag tag) {
        h.createUpdate("INSERT INTO logged_model_tags (model_id, key, value) VALUES (?, ?, ?) "
                + "ON CONFLICT (model_id, key) DO UPDATE SET value = excluded.value")
                .bind(0, modelId).bind(1, tag.key()).bind(2, tag.value()).execute();
    }

    @Override
    public void deleteTag(String modelId, String key, long now) {
        db.writeVoid(h -> {
            require(h, modelId);
            if (h.createUpdate("DELETE FROM logged_model_tags WHERE model_id = ? AND key = ?").bind(0, modelId).bind(1, key)
                    .execute() == 0) {
                throw MlopsException.notFound("No tag with key '%s' on logged model '%s'", key, modelId);
            }
            touch(h, modelId, now);
        });
    }

    @Override
    public void logParams(String modelId, List<Param> params, long now) {
        db.writeVoid(h -> {
            require(h, modelId);
            insertParams(h, modelId, params);
            touch(h, modelId, now);
        });
    }

    private static void insertParams(Handle h, String modelId, List<Param> params) {
        for (Param p : params) {
            Optional<String> existing = h.createQuery("SELECT value FROM logged_model_params WHERE model_id = ? AND key = ?")
                    .bind(0, modelId).bind(1, p.key()).mapTo(String.class).findOne();
            if (existing.isEmpty()) {
                h.createUpdate("INSERT INTO logged_model_params (model_id, key, value) VALUES (?, ?, ?)")
                        .bind(0, modelId).bind(1, p.key()).bind(2, p.value()).execute();
            } else if (!existing.get().equals(p.value())) {
                throw MlopsException.invalidParameter("Changing param values is not allowed. Param with key='%s' was "
                        + "already logged with value='%s' for logged model '%s'. Attempted logging new value '%s'.",
                        p.key(), existing.get(), modelId, p.value());
            }
        }
    }

    @Override
    public Page<LoggedModel> search(List<String> experimentIds, Optional<Filter> filter, List<OrderBy> orderBy,
                                    int maxResults, String pageToken) {
        long offset = PageToken.offset(pageToken);
        Sql sql = new Sql().append("SELECT lm.* FROM logged_models lm WHERE lm.lifecycle_stage = 'active' "
                + "AND lm.experiment_id IN ").appendList(experimentIds.stream().map(JdbcRunStore::experimentIdNumber).toList());
        filter.ifPresent(f -> {
            sql.append(" AND ");
            filterSql.predicate(sql, f, this::comparison);
        });
        sql.append(" ORDER BY ");
        for (OrderBy o : orderBy) {
            sql.append(column(o.key()) + (o.ascending() ? " ASC, " : " DESC, "));
        }
        sql.append("lm.creation_time DESC, lm.model_id LIMIT ? OFFSET ?", maxResults + 1, offset);
        return db.read(h -> {
            List<LoggedModel> rows = sql.query(h).map((rs, ctx) -> row(rs)).list();
            boolean more = rows.size() > maxResults;
            return new Page<>(withDetails(h, more ? rows.subList(0, maxResults) : rows),
                    more ? PageToken.forOffset(offset + maxResults) : null);
        });
    }

    private void comparison(Sql sql, Filter.Comparison c) {
        if (c.entity() == Filter.Entity.ATTRIBUTE) {
            filterSql.condition(sql, column(c.key()), c);
            return;
        }
        String table = c.entity() == Filter.Entity.PARAM ? "logged_model_params" : "logged_model_tags";
        sql.append("EXISTS (SELECT 1 FROM " + table + " kv WHERE kv.model_id = lm.model_id AND kv.key = ? AND ", c.key());
        filterSql.condition(sql, "kv.value", c);
        sql.append(")");
    }


    private static String column(String key) {
        String column = COLUMNS.get(key);
        if (column == null) {
            throw MlopsException.invalidParameter("Invalid logged model attribute '%s'; valid: %s", key,
                    COLUMNS.keySet().stream().sorted().toList());
        }
        return column;
    }

    private static LoggedModel row(ResultSet rs) throws SQLException {
        return new LoggedModel(rs.getString("model_id"), Long.toString(rs.getLong("experiment_id")), rs.getString("name"),
                rs.getString("artifact_location"), rs.getLong("creation_time"), rs.getLong("last_updated_time"),
                LoggedModel.Status.parse(rs.getString("status")), rs.getString("model_type"),
                rs.getString("source_run_id"), List.of(), List.of());
    }

    private static List<LoggedModel> withDetails(Handle h, List<LoggedModel> models) {
        if (models.isEmpty()) {
            return models;
        }
        List<String> ids = models.stream().map(LoggedModel::modelId).toList();
        Map<String, List<Tag>> tags = new HashMap<>();
        Map<String, List<Param>> params = new HashMap<>();
        new Sql().append("SELECT model_id, key, value FROM logged_model_tags WHERE model_id IN ").appendList(ids)
                .append(" ORDER BY key").query(h)
                .map((rs, ctx) -> tags.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new Tag(rs.getString(2), rs.getString(3)))).list();
        new Sql().append("SELECT model_id, key, value FROM logged_model_params WHERE model_id IN ").appendList(ids)
                .append(" ORDER BY key").query(h)
                .map((rs, ctx) -> params.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new Param(rs.getString(2), rs.getString(3)))).list();
        return models.stream().map(m -> new LoggedModel(m.modelId(), m.experimentId(), m.name(), m.artifactLocation(),
                m.creationTimestamp(), m.lastUpdatedTimestamp(), m.status(), m.modelType(), m.sourceRunId(),
                tags.getOrDefault(m.modelId(), List.of()), params.getOrDefault(m.modelId(), List.of()))).toList();
    }
}
