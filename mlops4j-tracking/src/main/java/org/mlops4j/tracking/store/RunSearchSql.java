package org.mlops4j.tracking.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlops4j.core.MlopsException;
import org.mlops4j.store.jdbc.SqlDialect;
import org.mlops4j.tracking.LifecycleStage;
import org.mlops4j.tracking.ViewType;
import org.mlops4j.store.jdbc.Sql;
import org.mlops4j.tracking.search.Filter;
import org.mlops4j.tracking.search.FilterSql;
import org.mlops4j.tracking.search.Filter.Comparison;
import org.mlops4j.tracking.search.OrderBy;

/**
 * Compiles a run search into one SQL query over {@code runs r}. Metric, param and tag clauses become
 * EXISTS lookups on their (run_uuid, key) primary keys; each sort key becomes a LEFT JOIN so that
 * runs without the metric still appear, last, as in MLflow.
 */
final class RunSearchSql {
    static final Map<String, String> ATTRIBUTE_COLUMNS = Map.of(
            "run_id", "r.run_uuid", "run_name", "r.name", "user_id", "r.user_id", "status", "r.status",
            "start_time", "r.start_time", "end_time", "r.end_time", "artifact_uri", "r.artifact_uri",
            "lifecycle_stage", "r.lifecycle_stage");

    private final FilterSql filterSql;

    RunSearchSql(SqlDialect dialect) {
        this.filterSql = new FilterSql(dialect);
    }

    Sql compile(List<Long> experimentIds, Optional<Filter> filter, ViewType viewType, List<OrderBy> orderBy,
                int limit, long offset) {
        Sql sql = new Sql().append("SELECT r.run_uuid, r.name, r.experiment_id, r.user_id, r.status, r.start_time, "
                + "r.end_time, r.artifact_uri, r.lifecycle_stage FROM runs r");
        for (int i = 0; i < orderBy.size(); i++) {
            joinSortKey(sql, orderBy.get(i), "o" + i);
        }
        sql.append(" WHERE r.experiment_id IN ").appendList(experimentIds);
        sql.append(" AND r.lifecycle_stage IN ").appendList(viewType.stages().stream().map(LifecycleStage::wireName).toList());
        filter.ifPresent(f -> {
            sql.append(" AND ");
            filterSql.predicate(sql, f, this::comparison);
        });
        sql.append(" ORDER BY ");
        for (int i = 0; i < orderBy.size(); i++) {
            OrderBy o = orderBy.get(i);
            String column = sortColumn(o, "o" + i);
            // Runs lacking the key sort last whatever the direction (portable NULLS LAST).
            sql.append("(CASE WHEN " + column + " IS NULL THEN 1 ELSE 0 END), " + column + (o.ascending() ? " ASC, " : " DESC, "));
        }
        sql.append("r.start_time DESC, r.run_uuid LIMIT ? OFFSET ?", limit, offset);
        return sql;
    }

    private void joinSortKey(Sql sql, OrderBy o, String alias) {
        switch (o.entity()) {
            case METRIC -> sql.append(" LEFT JOIN latest_metrics " + alias + " ON " + alias + ".run_uuid = r.run_uuid AND "
                    + alias + ".key = ? AND " + alias + ".is_nan = FALSE", o.key());
            case PARAM -> sql.append(" LEFT JOIN params " + alias + " ON " + alias + ".run_uuid = r.run_uuid AND "
                    + alias + ".key = ?", o.key());
            case TAG -> sql.append(" LEFT JOIN tags " + alias + " ON " + alias + ".run_uuid = r.run_uuid AND "
                    + alias + ".key = ?", o.key());
            case ATTRIBUTE -> attributeColumn(o.key());
            case DATASET -> throw MlopsException.invalidParameter("Cannot order runs by dataset fields");
        }
    }

    private static String sortColumn(OrderBy o, String alias) {
        return o.entity() == Filter.Entity.ATTRIBUTE ? attributeColumn(o.key()) : alias + ".value";
    }

    private static String attributeColumn(String key) {
        String column = ATTRIBUTE_COLUMNS.get(key);
        if (column == null) {
            throw MlopsException.invalidParameter("Invalid attribute key '%s'; valid keys: %s", key,
                    ATTRIBUTE_COLUMNS.keySet().stream().sorted().toList());
        }
        return column;
    }



    private void comparison(Sql sql, Comparison c) {
        switch (c.entity()) {
            case METRIC -> {
                sql.append("EXISTS (SELECT 1 FROM latest_metrics m WHERE m.run_uuid = r.run_uuid AND m.key = ? "
                        + "AND m.is_nan = FALSE AND ", c.key());
                filterSql.condition(sql, "m.value", c);
                sql.append(")");
            }
            case PARAM -> keyValueExists(sql, "params", c);
            case TAG -> keyValueExists(sql, "tags", c);
            case ATTRIBUTE -> filterSql.condition(sql, attributeColumn(c.key()), c);
            case DATASET -> datasetExists(sql, c);
        }
    }

    private void keyValueExists(Sql sql, String table, Comparison c) {
        sql.append("EXISTS (SELECT 1 FROM " + table + " kv WHERE kv.run_uuid = r.run_uuid AND kv.key = ? AND ", c.key());
        filterSql.condition(sql, "kv.value", c);
        sql.append(")");
    }

    private void datasetExists(Sql sql, Comparison c) {
        if (c.key().equals("context")) {
            sql.append("EXISTS (SELECT 1 FROM run_input_tags it WHERE it.run_uuid = r.run_uuid AND it.key = 'mlflow.data.context' AND ");
            filterSql.condition(sql, "it.value", c);
        } else {
            String column = switch (c.key()) {
                case "name" -> "d.name";
                case "digest" -> "d.digest";
                default -> throw MlopsException.invalidParameter("Invalid dataset key '%s'; valid keys: name, digest, context", c.key());
            };
            sql.append("EXISTS (SELECT 1 FROM run_inputs ri JOIN datasets d ON d.dataset_uuid = ri.dataset_uuid "
                    + "WHERE ri.run_uuid = r.run_uuid AND ");
            filterSql.condition(sql, column, c);
        }
        sql.append(")");
    }
}
