package org.mlops4j.tracking.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.mlops4j.core.MlopsException;
import org.mlops4j.core.Page;
import org.mlops4j.core.PageToken;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.tracking.Experiment;
import org.mlops4j.tracking.LifecycleStage;
import org.mlops4j.tracking.Tag;
import org.mlops4j.tracking.ViewType;
import org.mlops4j.store.jdbc.Sql;
import org.mlops4j.tracking.search.Filter;
import org.mlops4j.tracking.search.FilterSql;
import org.mlops4j.tracking.search.OrderBy;

/** {@link ExperimentStore} on SQLite or PostgreSQL. Thread-safe. */
public final class JdbcExperimentStore implements ExperimentStore {
    public static final String DEFAULT_EXPERIMENT_ID = "0";
    public static final String DEFAULT_EXPERIMENT_NAME = "Default";
    private static final Map<String, String> COLUMNS = Map.of("name", "e.name", "experiment_id", "e.experiment_id",
            "creation_time", "e.creation_time", "last_update_time", "e.last_update_time",
            "lifecycle_stage", "e.lifecycle_stage");

    private final Database db;
    private final FilterSql conditions;

    public JdbcExperimentStore(Database db) {
        this.db = db;
        this.conditions = new FilterSql(db.dialect());
    }

    @Override
    public String create(String name, String artifactLocation, List<Tag> tags, long now,
                         LongFunction<String> defaultLocation) {
        try {
            return db.write(h -> {
                if (h.createQuery("SELECT 1 FROM experiments WHERE name = ?").bind(0, name).mapTo(Integer.class)
                        .findOne().isPresent()) {
                    throw duplicate(name);
                }
                long id = h.createUpdate("INSERT INTO experiments (name, artifact_location, lifecycle_stage, "
                                + "creation_time, last_update_time) VALUES (?, ?, ?, ?, ?)")
                        .bind(0, name).bind(1, artifactLocation).bind(2, LifecycleStage.ACTIVE.wireName())
                        .bind(3, now).bind(4, now)
                        .executeAndReturnGeneratedKeys("experiment_id").mapTo(Long.class).one();
                if (artifactLocation == null) {
                    h.createUpdate("UPDATE experiments SET artifact_location = ? WHERE experiment_id = ?")
                            .bind(0, defaultLocation.apply(id)).bind(1, id).execute();
                }
                tags.forEach(tag -> upsertTag(h, id, tag));
                return Long.toString(id);
            });
        } catch (UnableToExecuteStatementException e) {
            // Two concurrent creates of one name: the unique index decides, and the loser hears why.
            if (getByName(name).isPresent()) {
                throw duplicate(name);
            }
            throw e;
        }
    }

    private static MlopsException duplicate(String name) {
        return MlopsException.alreadyExists("Experiment(name=%s) already exists.", name);
    }

    @Override
    public void ensureDefault(long now, LongFunction<String> defaultLocation) {
        db.writeVoid(h -> {
            if (h.createQuery("SELECT 1 FROM experiments WHERE experiment_id = 0").mapTo(Integer.class).findOne().isEmpty()) {
                h.createUpdate("INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, "
                                + "creation_time, last_update_time) VALUES (0, ?, ?, ?, ?, ?)")
                        .bind(0, DEFAULT_EXPERIMENT_NAME).bind(1, defaultLocation.apply(0))
                        .bind(2, LifecycleStage.ACTIVE.wireName()).bind(3, now).bind(4, now).execute();
            }
        });
    }

    @Override
    public Optional<Experiment> get(String experimentId) {
        long id = JdbcRunStore.experimentIdNumber(experimentId);
        return db.read(h -> one(h, new Sql().append("SELECT * FROM experiments e WHERE e.experiment_id = ?", id)));
    }

    @Override
    public Optional<Experiment> getByName(String name) {
        return db.read(h -> one(h, new Sql().append("SELECT * FROM experiments e WHERE e.name = ?", name)));
    }

    private static Optional<Experiment> one(Handle h, Sql sql) {
        List<Experiment> found = withTags(h, sql.query(h).map((rs, ctx) -> map(rs)).list());
        return found.stream().findFirst();
    }

    private static Experiment map(ResultSet rs) throws SQLException {
        return new Experiment(Long.toString(rs.getLong("experiment_id")), rs.getString("name"),
                rs.getString("artifact_location"), LifecycleStage.fromWire(rs.getString("lifecycle_stage")),
                rs.getLong("creation_time"), rs.getLong("last_update_time"), List.of());
    }

    private static List<Experiment> withTags(Handle h, List<Experiment> experiments) {
        if (experiments.isEmpty()) {
            return experiments;
        }
        Map<String, List<Tag>> tags = new HashMap<>();
        new Sql().append("SELECT experiment_id, key, value FROM experiment_tags WHERE experiment_id IN ")
                .appendList(experiments.stream().map(e -> Long.parseLong(e.experimentId())).toList())
                .append(" ORDER BY key").query(h)
                .map((rs, ctx) -> tags.computeIfAbsent(Long.toString(rs.getLong(1)), k -> new ArrayList<>())
                        .add(new Tag(rs.getString(2), rs.getString(3))))
                .list();
        return experiments.stream().map(e -> new Experiment(e.experimentId(), e.name(), e.artifactLocation(),
                e.lifecycleStage(), e.creationTime(), e.lastUpdateTime(), tags.getOrDefault(e.experimentId(), List.of())))
                .toList();
    }

    @Override
    public Page<Experiment> search(ViewType viewType, Optional<Filter> filter, List<OrderBy> orderBy, int maxResults,
                                   String pageToken) {
        long offset = PageToken.offset(pageToken);
        Sql sql = new Sql().append("SELECT * FROM experiments e WHERE e.lifecycle_stage IN ")
                .appendList(viewType.stages().stream().map(LifecycleStage::wireName).toList());
        filter.ifPresent(f -> {
            sql.append(" AND ");
            conditions.predicate(sql, f, this::comparison);
        });
        sql.append(" ORDER BY ");
        for (OrderBy o : orderBy) {
            sql.append(column(o.key()) + (o.ascending() ? " ASC, " : " DESC, "));
        }
        sql.append("e.experiment_id ASC LIMIT ? OFFSET ?", maxResults + 1, offset);
        return db.read(h -> {
            List<Experiment> rows = sql.query(h).map((rs, ctx) -> map(rs)).list();
            boolean more = rows.size() > maxResults;
            List<Experiment> page = withTags(h, more ? rows.subList(0, maxResults) : rows);
            return new Page<>(page, more ? PageToken.forOffset(offset + maxResults) : null);
        });
    }

    private void comparison(Sql sql, Filter.Comparison c) {
        switch (c.entity()) {
            case TAG -> {
                sql.append("EXISTS (SELECT 1 FROM experiment_tags t WHERE t.experiment_id = e.experiment_id AND t.key = ? AND ",
                        c.key());
                conditions.condition(sql, "t.value", c);
                sql.append(")");
            }
            case ATTRIBUTE -> conditions.condition(sql, column(c.key()), c.key().equals("experiment_id") ? numericIds(c) : c);
            default -> throw MlopsException.invalidParameter(
                    "Invalid entity '%s' in experiment filter: use attributes or tags", c.entity());
        }
    }

    /** Experiment ids arrive as strings but are integers in the database (PostgreSQL will not compare the two). */
    private static Filter.Comparison numericIds(Filter.Comparison c) {
        Filter.Value value = switch (c.value()) {
            case Filter.Text t -> new Filter.Number(JdbcRunStore.experimentIdNumber(t.value()));
            case Filter.TextList l -> new Filter.TextList(l.values().stream()
                    .map(v -> Long.toString(JdbcRunStore.experimentIdNumber(v))).toList());
            case Filter.Number n -> n;
        };
        return new Filter.Comparison(c.entity(), c.key(), c.operator(), value);
    }


    private static String column(String key) {
        String column = COLUMNS.get(key);
        if (column == null) {
            throw MlopsException.invalidParameter("Invalid experiment attribute '%s'; valid: %s", key,
                    COLUMNS.keySet().stream().sorted().toList());
        }
        return column;
    }

    @Override
    public void rename(String experimentId, String newName, long now) {
        long id = JdbcRunStore.experimentIdNumber(experimentId);
        db.writeVoid(h -> {
            Experiment experiment = require(h, id);
            if (experiment.lifecycleStage() != LifecycleStage.ACTIVE) {
                throw MlopsException.invalidState("Cannot rename a non-active experiment (id=%s).", experimentId);
            }
            Optional<Long> holder = h.createQuery("SELECT experiment_id FROM experiments WHERE name = ?").bind(0, newName)
                    .mapTo(Long.class).findOne();
            if (holder.isPresent() && holder.get() != id) {
                throw duplicate(newName);
            }
            h.createUpdate("UPDATE experiments SET name = ?, last_update_time = ? WHERE experiment_id = ?")
                    .bind(0, newName).bind(1, now).bind(2, id).execute();
        });
    }

    private static Experiment require(Handle h, long id) {
        return h.createQuery("SELECT * FROM experiments e WHERE e.experiment_id = ?").bind(0, id)
                .map((rs, ctx) -> map(rs)).findOne()
                .orElseThrow(() -> MlopsException.notFound("No Experiment with id=%d exists", id));
    }

    @Override
    public void setLifecycleStage(String experimentId, LifecycleStage stage, long now) {
        long id = JdbcRunStore.experimentIdNumber(experimentId);
        db.writeVoid(h -> {
            require(h, id);
            h.createUpdate("UPDATE experiments SET lifecycle_stage = ?, last_update_time = ? WHERE experiment_id = ?")
                    .bind(0, stage.wireName()).bind(1, now).bind(2, id).execute();
            // As MLflow: deleting an experiment deletes its active runs; restoring restores them.
            LifecycleStage from = stage == LifecycleStage.DELETED ? LifecycleStage.ACTIVE : LifecycleStage.DELETED;
            h.createUpdate("UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE experiment_id = ? AND lifecycle_stage = ?")
                    .bind(0, stage.wireName()).bind(1, stage == LifecycleStage.DELETED ? now : null).bind(2, id)
                    .bind(3, from.wireName()).execute();
        });
    }

    @Override
    public void setTag(String experimentId, Tag tag) {
        long id = JdbcRunStore.experimentIdNumber(experimentId);
        db.writeVoid(h -> {
            if (require(h, id).lifecycleStage() != LifecycleStage.ACTIVE) {
                throw MlopsException.invalidParameter("The experiment %s must be in the 'active' state.", experimentId);
            }
            upsertTag(h, id, tag);
        });
    }

    private static void upsertTag(Handle h, long id, Tag tag) {
        h.createUpdate("INSERT INTO experiment_tags (experiment_id, key, value) VALUES (?, ?, ?) "
                + "ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value")
                .bind(0, id).bind(1, tag.key()).bind(2, tag.value()).execute();
    }

    @Override
    public void deleteTag(String experimentId, String key) {
        long id = JdbcRunStore.experimentIdNumber(experimentId);
        db.writeVoid(h -> {
            require(h, id);
            if (h.createUpdate("DELETE FROM experiment_tags WHERE experiment_id = ? AND key = ?").bind(0, id).bind(1, key)
                    .execute() == 0) {
                throw MlopsException.notFound("No tag with name: %s in experiment with id %s", key, experimentId);
            }
        });
    }
}
