package org.mlops4j.tracking.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.mlops4j.core.MlopsException;
import org.mlops4j.core.Page;
import org.mlops4j.core.PageToken;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.store.jdbc.Sql;
import org.mlops4j.store.jdbc.SqlDialect;
import org.mlops4j.tracking.DatasetInput;
import org.mlops4j.tracking.LifecycleStage;
import org.mlops4j.tracking.LoggedDataset;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.Param;
import org.mlops4j.tracking.Run;
import org.mlops4j.tracking.RunData;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.RunStatus;
import org.mlops4j.tracking.Tag;
import org.mlops4j.tracking.ViewType;
import org.mlops4j.tracking.search.Filter;
import org.mlops4j.tracking.search.OrderBy;

/** {@link RunStore} on SQLite or PostgreSQL. Thread-safe. */
public final class JdbcRunStore implements RunStore {
    /** MLflow keeps the run name in both the runs table and this tag. */
    public static final String RUN_NAME_TAG = "mlflow.runName";
    static final String RUN_COLUMNS = "run_uuid, name, experiment_id, user_id, status, start_time, end_time, "
            + "artifact_uri, lifecycle_stage";
    private static final String FIND_RUN = "SELECT " + RUN_COLUMNS + " FROM runs WHERE run_uuid = ?";
    /** The newest point by (step, timestamp) wins; a tie goes to the later write. */
    private static final String KEEP_LATEST_METRIC = "ON CONFLICT (run_uuid, key) DO UPDATE SET "
            + "value = excluded.value, timestamp = excluded.timestamp, step = excluded.step, is_nan = excluded.is_nan "
            + "WHERE excluded.step > latest_metrics.step OR (excluded.step = latest_metrics.step "
            + "AND excluded.timestamp >= latest_metrics.timestamp)";
    private static final String UPSERT_LATEST_METRIC = "INSERT INTO latest_metrics (run_uuid, key, value, timestamp, "
            + "step, is_nan, experiment_id) VALUES (?, ?, ?, ?, ?, ?, ?) " + KEEP_LATEST_METRIC;
    /**
     * A single point on PostgreSQL, as one statement run in autocommit: look the run up (locked as a
     * foreign key's check would), append the point (a chunk of one) and update the latest value only
     * if the run is active, and return the run for the caller to tell why nothing was written. One
     * round trip with its commit instead of four.
     */
    private static final String LOG_ONE_METRIC_POSTGRESQL = "WITH run AS (" + FIND_RUN + " FOR KEY SHARE), "
            + "p (key, value, timestamp, step, is_nan, chunk) AS (VALUES (CAST(? AS text), CAST(? AS float8), "
            + "CAST(? AS bigint), CAST(? AS bigint), CAST(? AS boolean), CAST(? AS bytea))), "
            + "point AS (INSERT INTO metric_chunks (run_uuid, key, points) SELECT run.run_uuid, p.key, p.chunk "
            + "FROM run, p WHERE run.lifecycle_stage = '" + LifecycleStage.ACTIVE.wireName() + "'), "
            + "latest AS (INSERT INTO latest_metrics (run_uuid, key, value, timestamp, step, is_nan, experiment_id) "
            + "SELECT run.run_uuid, p.key, p.value, p.timestamp, p.step, p.is_nan, run.experiment_id FROM run, p "
            + "WHERE run.lifecycle_stage = '" + LifecycleStage.ACTIVE.wireName() + "' " + KEEP_LATEST_METRIC + ") "
            + "SELECT " + RUN_COLUMNS + " FROM run";

    private final Database db;
    /** The run a write goes to, locked against deletion until the write commits (see {@link SqlDialect#keyShareLock}). */
    private final String findRunForWrite;
    private final MetricHistory history;
    private final RunSearchSql searchSql;
    private final RunDataReader dataReader;

    public JdbcRunStore(Database db) {
        this.db = db;
        this.findRunForWrite = FIND_RUN + db.dialect().keyShareLock();
        this.history = new MetricHistory(db);
        this.searchSql = new RunSearchSql(db);
        this.dataReader = new RunDataReader(db);
    }

    @Override
    public Run create(RunInfo info, List<Tag> tags) {
        db.writeVoid(h -> {
            h.createUpdate("INSERT INTO runs (" + RUN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .bind(0, info.runId()).bind(1, info.runName()).bind(2, Long.parseLong(info.experimentId()))
                    .bind(3, info.userId()).bind(4, info.status().name()).bind(5, info.startTime())
                    .bind(6, info.endTime()).bind(7, info.artifactUri()).bind(8, info.lifecycleStage().wireName())
                    .execute();
            upsertTags(h, info, tags);
        });
        return get(info.runId()).orElseThrow();
    }

    @Override
    public Optional<Run> get(String runId) {
        return db.read(h -> findInfo(h, runId).map(info -> {
            Map<String, RunData> data = dataReader.read(h, List.of(runId));
            return new Run(info, data.getOrDefault(runId, RunData.EMPTY), loadInputs(h, runId));
        }));
    }

    /**
     * Plain JDBC, on a statement a write keeps ({@link Database#statement}): every write checks its
     * run first, and Jdbi's per-statement setup was a tenth of a log-metric.
     */
    private Optional<RunInfo> findInfo(Handle h, String runId) {
        return findInfo(h, runId, FIND_RUN);
    }

    private Optional<RunInfo> findInfo(Handle h, String runId, String query) {
        RunInfo[] found = new RunInfo[1];
        new Sql().append(query, runId).forEachRow(db.statement(h, query), row -> found[0] = mapInfo(row));
        return Optional.ofNullable(found[0]);
    }

    private RunInfo requireInfo(Handle h, String runId) {
        return findInfo(h, runId).orElseThrow(() -> notFound(runId));
    }

    private static MlopsException notFound(String runId) {
        return MlopsException.notFound("Run with id=%s not found", runId);
    }

    /** The run, which must be active; locked until the write commits, as a foreign key's check would. */
    private RunInfo requireActive(Handle h, String runId) {
        return requireActive(findInfo(h, runId, findRunForWrite).orElseThrow(() -> notFound(runId)));
    }

    private static RunInfo requireActive(RunInfo info) {
        String runId = info.runId();
        if (info.lifecycleStage() != LifecycleStage.ACTIVE) {
            throw MlopsException.invalidParameter("The run %s must be in the 'active' state. Current state is %s.",
                    runId, info.lifecycleStage().wireName());
        }
        return info;
    }

    /** Maps a row whose columns are {@link #RUN_COLUMNS}, in that order (by index: searches map thousands). */
    static RunInfo mapInfo(ResultSet rs) throws SQLException {
        return new RunInfo(rs.getString(1), rs.getString(2), Long.toString(rs.getLong(3)), rs.getString(4),
                RunStatus.valueOf(rs.getString(5)), nullableLong(rs, 6), nullableLong(rs, 7), rs.getString(8),
                LifecycleStage.fromWire(rs.getString(9)));
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    @Override
    public RunInfo update(String runId, RunStatus status, Long endTime, String runName) {
        return db.write(h -> {
            RunInfo info = requireActive(h, runId);
            h.createUpdate("UPDATE runs SET status = ?, end_time = ?, name = ? WHERE run_uuid = ?")
                    .bind(0, status == null ? info.status().name() : status.name())
                    .bind(1, endTime == null ? info.endTime() : endTime)
                    .bind(2, runName == null ? info.runName() : runName)
                    .bind(3, runId).execute();
            if (runName != null) {
                upsertTags(h, info, List.of(new Tag(RUN_NAME_TAG, runName)));
            }
            return requireInfo(h, runId);
        });
    }

    @Override
    public void setLifecycleStage(String runId, LifecycleStage stage, long now) {
        db.writeVoid(h -> {
            requireInfo(h, runId);
            h.createUpdate("UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE run_uuid = ?")
                    .bind(0, stage.wireName()).bind(1, stage == LifecycleStage.DELETED ? now : null).bind(2, runId)
                    .execute();
        });
    }

    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        db.writeVoid(h -> {
            RunInfo info = requireActive(h, runId);
            insertParams(h, info, params);
            upsertTags(h, info, tags);
            insertMetrics(h, info, metrics);
        });
    }

    @Override
    public void logMetric(String runId, Metric metric) {
        if (db.dialect() != SqlDialect.POSTGRESQL) {
            logBatch(runId, List.of(metric), List.of(), List.of());
            return;
        }
        RunInfo run = db.writeStatement(h -> {
            try {
                PreparedStatement statement = db.statement(h, LOG_ONE_METRIC_POSTGRESQL);
                bindPoint(statement, runId, metric);
                statement.setBytes(7, MetricChunkCodec.encode(List.of(metric)));
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() ? mapInfo(rs) : null;
                }
            } catch (SQLException e) {
                throw new UnableToExecuteStatementException(e, null);
            }
        });
        if (run == null) {
            throw notFound(runId);
        }
        requireActive(run);
    }

    private static void insertParams(Handle h, RunInfo run, List<Param> params) {
        if (params.isEmpty()) {
            return;
        }
        String runId = run.runId();
        Map<String, String> wanted = new LinkedHashMap<>();
        for (Param p : params) {
            String previous = wanted.putIfAbsent(p.key(), p.value());
            if (previous != null && !previous.equals(p.value())) {
                throw MlopsException.invalidParameter("Duplicate parameter key '%s' with different values ('%s', '%s') "
                        + "in one request", p.key(), previous, p.value());
            }
        }
        Map<String, String> existing = new HashMap<>();
        Sql select = new Sql().append("SELECT key, value FROM params WHERE run_uuid = ? AND key IN ", runId)
                .appendList(wanted.keySet());
        select.query(h).map((rs, ctx) -> existing.put(rs.getString(1), rs.getString(2))).list();
        PreparedBatch batch = h.prepareBatch("INSERT INTO params (run_uuid, key, value, experiment_id) VALUES (?, ?, ?, ?)");
        for (Map.Entry<String, String> p : wanted.entrySet()) {
            String old = existing.get(p.getKey());
            if (old == null) {
                batch.bind(0, runId).bind(1, p.getKey()).bind(2, p.getValue()).bind(3, experimentIdNumber(run.experimentId()))
                        .add();
            } else if (!old.equals(p.getValue())) {
                throw MlopsException.invalidParameter("Changing param values is not allowed. Param with key='%s' was "
                        + "already logged with value='%s' for run ID='%s'. Attempted logging new value '%s'.",
                        p.getKey(), old, runId, p.getValue());
            }
        }
        if (batch.size() > 0) {
            batch.execute();
        }
    }

    private static void upsertTags(Handle h, RunInfo run, List<Tag> tags) {
        if (tags.isEmpty()) {
            return;
        }
        String runId = run.runId();
        PreparedBatch batch = h.prepareBatch("INSERT INTO tags (run_uuid, key, value, experiment_id) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (run_uuid, key) DO UPDATE SET value = excluded.value");
        String runName = null;
        for (Tag tag : tags) {
            batch.bind(0, runId).bind(1, tag.key()).bind(2, tag.value()).bind(3, experimentIdNumber(run.experimentId())).add();
            if (tag.key().equals(RUN_NAME_TAG)) {
                runName = tag.value();
            }
        }
        batch.execute();
        if (runName != null) {
            h.createUpdate("UPDATE runs SET name = ? WHERE run_uuid = ?").bind(0, runName).bind(1, runId).execute();
        }
    }

    private void insertMetrics(Handle h, RunInfo run, List<Metric> metrics) {
        if (metrics.isEmpty()) {
            return;
        }
        String runId = run.runId();
        // The very same point logged twice is one point, as in MLflow: repeats within the request
        // are dropped here, repeats of earlier requests when the history is read.
        Set<Metric> distinct = new LinkedHashSet<>(metrics);
        Map<String, Metric> latest = new LinkedHashMap<>();
        for (Metric m : distinct) {
            latest.merge(m.key(), m, (a, b) -> isLater(b, a) ? b : a);
        }
        try {
            history.append(h, runId, distinct);
            PreparedStatement upsert = db.statement(h, UPSERT_LATEST_METRIC);
            long experimentId = experimentIdNumber(run.experimentId());
            for (Metric m : latest.values()) {
                bindPoint(upsert, runId, m);
                upsert.setLong(7, experimentId);
                upsert.addBatch();
            }
            upsert.executeBatch();
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    /** Binds the run and a point to parameters 1–6: run, key, value, timestamp, step, is_nan (NaN as 0). */
    private static void bindPoint(PreparedStatement statement, String runId, Metric point) throws SQLException {
        boolean isNan = Double.isNaN(point.value());
        statement.setString(1, runId);
        statement.setString(2, point.key());
        statement.setDouble(3, isNan ? 0.0 : point.value());
        statement.setLong(4, point.timestamp());
        statement.setLong(5, point.step());
        statement.setBoolean(6, isNan);
    }

    private static boolean isLater(Metric candidate, Metric current) {
        return candidate.step() > current.step()
                || (candidate.step() == current.step() && candidate.timestamp() >= current.timestamp());
    }

    @Override
    public void deleteTag(String runId, String key) {
        db.writeVoid(h -> {
            requireActive(h, runId);
            int deleted = h.createUpdate("DELETE FROM tags WHERE run_uuid = ? AND key = ?").bind(0, runId).bind(1, key)
                    .execute();
            if (deleted == 0) {
                throw MlopsException.notFound("No tag with name: %s in run with id %s", key, runId);
            }
        });
    }

    @Override
    public void logInputs(String runId, List<DatasetInput> inputs) {
        db.writeVoid(h -> {
            RunInfo info = requireActive(h, runId);
            long experimentId = Long.parseLong(info.experimentId());
            for (DatasetInput input : inputs) {
                String datasetId = findOrCreateDataset(h, experimentId, input.dataset());
                h.createUpdate(insertIgnoring("run_inputs (run_uuid, dataset_uuid) VALUES (?, ?)", "run_uuid, dataset_uuid"))
                        .bind(0, runId).bind(1, datasetId).execute();
                for (Tag tag : input.tags()) {
                    h.createUpdate("INSERT INTO run_input_tags (run_uuid, dataset_uuid, key, value) VALUES (?, ?, ?, ?) "
                                    + "ON CONFLICT (run_uuid, dataset_uuid, key) DO UPDATE SET value = excluded.value")
                            .bind(0, runId).bind(1, datasetId).bind(2, tag.key()).bind(3, tag.value()).execute();
                }
            }
        });
    }

    private static String insertIgnoring(String intoClause, String conflictColumns) {
        return "INSERT INTO " + intoClause + " ON CONFLICT (" + conflictColumns + ") DO NOTHING";
    }

    private static String findOrCreateDataset(Handle h, long experimentId, LoggedDataset d) {
        Optional<String> existing = h.createQuery("SELECT dataset_uuid FROM datasets WHERE experiment_id = ? AND name = ? "
                        + "AND digest = ?").bind(0, experimentId).bind(1, d.name()).bind(2, d.digest())
                .mapTo(String.class).findOne();
        if (existing.isPresent()) {
            return existing.get();
        }
        String id = UUID.randomUUID().toString().replace("-", "");
        h.createUpdate("INSERT INTO datasets (dataset_uuid, experiment_id, name, digest, source_type, source, schema, "
                        + "profile) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(0, id).bind(1, experimentId).bind(2, d.name()).bind(3, d.digest()).bind(4, d.sourceType())
                .bind(5, d.source()).bind(6, d.schema()).bind(7, d.profile()).execute();
        return id;
    }

    private static List<DatasetInput> loadInputs(Handle h, String runId) {
        Map<String, LoggedDataset> datasets = new LinkedHashMap<>();
        h.createQuery("SELECT d.* FROM run_inputs ri JOIN datasets d ON d.dataset_uuid = ri.dataset_uuid "
                        + "WHERE ri.run_uuid = ? ORDER BY d.name, d.digest").bind(0, runId)
                .map((rs, ctx) -> datasets.put(rs.getString("dataset_uuid"), new LoggedDataset(rs.getString("name"),
                        rs.getString("digest"), rs.getString("source_type"), rs.getString("source"),
                        rs.getString("schema"), rs.getString("profile"))))
                .list();
        Map<String, List<Tag>> tags = new HashMap<>();
        h.createQuery("SELECT dataset_uuid, key, value FROM run_input_tags WHERE run_uuid = ? ORDER BY key").bind(0, runId)
                .map((rs, ctx) -> tags.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new Tag(rs.getString(2), rs.getString(3))))
                .list();
        List<DatasetInput> inputs = new ArrayList<>();
        datasets.forEach((id, d) -> inputs.add(new DatasetInput(tags.getOrDefault(id, List.of()), d)));
        return inputs;
    }

    @Override
    public Page<Metric> metricHistory(String runId, String key, int maxResults, String pageToken) {
        return db.read(h -> {
            requireInfo(h, runId);
            long offset = PageToken.offset(pageToken);
            List<Metric> points = history.read(h, runId, key);
            int from = (int) Math.min(offset, points.size());
            int to = maxResults > 0 ? (int) Math.min(offset + maxResults + 1L, points.size()) : points.size();
            return pageOf(points.subList(from, to), maxResults, offset);
        });
    }

    /** Queries fetch one row more than the page holds: its presence means there is a next page. */
    private static <T> Page<T> pageOf(List<T> rows, int pageSize, long offset) {
        if (pageSize > 0 && rows.size() > pageSize) {
            return new Page<>(rows.subList(0, pageSize), PageToken.forOffset(offset + pageSize));
        }
        return new Page<>(rows, null);
    }

    @Override
    public Page<Run> search(List<String> experimentIds, Optional<Filter> filter, ViewType viewType,
                            List<OrderBy> orderBy, int maxResults, String pageToken, boolean infoOnly) {
        long offset = PageToken.offset(pageToken);
        List<Long> ids = experimentIds.stream().map(JdbcRunStore::experimentIdNumber).toList();
        RunSearchSql.Search search = searchSql.search(ids, filter, viewType, orderBy);
        Page<RunInfo> page = db.read(h -> pageOf(search.page(h, maxResults + 1, offset), maxResults, offset));
        Map<String, RunData> data = infoOnly ? Map.of()
                : dataReader.readPage(page.items().stream().map(RunInfo::runId).toList());
        List<Run> runs = page.items().stream()
                .map(info -> new Run(info, data.getOrDefault(info.runId(), RunData.EMPTY), List.of())).toList();
        return new Page<>(runs, page.nextPageToken());
    }

    static long experimentIdNumber(String experimentId) {
        try {
            return Long.parseLong(experimentId);
        } catch (NumberFormatException | NullPointerException e) {
            throw MlopsException.invalidParameter("Invalid experiment ID '%s': it must be an integer", experimentId);
        }
    }
}
