package org.mlops4j.tracking.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.mlops4j.core.Json;
import org.mlops4j.store.jdbc.Database;
import org.mlops4j.store.jdbc.Sql;
import org.mlops4j.store.jdbc.SqlDialect;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.Param;
import org.mlops4j.tracking.RunData;
import org.mlops4j.tracking.Tag;

/**
 * Reads the latest metrics, params and tags of a page of runs in two queries, whatever the page size.
 *
 * <p>Most of a search's time went into the JDBC driver, per column read: sqlite-jdbc crosses JNI for
 * each one, and a page of 100 runs is some 2,500 rows. So the runs are bound as one list parameter
 * and named by their position in it (an int, not a 32-character id, on every row), and params and
 * tags come back as one JSON object per run, built by the database: three columns per run instead
 * of three per row. Metric values stay typed columns, because the databases' text forms of a double
 * do not all round-trip.
 */
final class RunDataReader {
    /** Below this many runs a page's reads are quick enough that a second connection is not worth it. */
    private static final int PARALLEL_FROM_RUNS = 20;
    /** Virtual threads: a second read blocks on the database, and holds no platform thread meanwhile. */
    private static final Executor SECOND_READS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("mlops4j-run-data-", 0).factory());
    private final String metricsSql;
    private final String paramsAndTagsSql;
    private final SqlDialect dialect;
    private final Database db;

    RunDataReader(Database db) {
        this.db = db;
        SqlDialect dialect = db.dialect();
        this.dialect = dialect;
        String runs = dialect.stringListTable("r");
        // PostgreSQL's planner costed a hash join over every latest metric (a sequential scan) below
        // a primary-key probe per run: 1.8 ms instead of 0.6 for a page of 100 of 1,000 runs, and
        // growing with the table. A LATERAL subquery probes per run; OFFSET 0 keeps it from being
        // flattened back into the join.
        this.metricsSql = "SELECT r.pos, m.key, m.value, m.timestamp, m.step, m.is_nan FROM " + runs
                + (dialect == SqlDialect.POSTGRESQL
                        ? " CROSS JOIN LATERAL (SELECT key, value, timestamp, step, is_nan FROM latest_metrics "
                                + "WHERE run_uuid = r.val OFFSET 0) m"
                        : " JOIN latest_metrics m ON m.run_uuid = r.val");
        this.paramsAndTagsSql = "SELECT r.pos, "
                + "(SELECT " + dialect.jsonObjectAgg("p.key", "p.value") + " FROM params p WHERE p.run_uuid = r.val), "
                + "(SELECT " + dialect.jsonObjectAgg("t.key", "t.value") + " FROM tags t WHERE t.run_uuid = r.val) "
                + "FROM " + runs;
    }

    /** Each run's data, lists sorted by key; a run id that does not exist maps to empty lists. */
    Map<String, RunData> read(Handle h, List<String> runIds) {
        if (runIds.isEmpty()) {
            return Map.of();
        }
        String idList = dialect.stringList(runIds);
        return assemble(runIds, readMetrics(h, idList, runIds.size()), readParamsAndTags(h, idList, runIds.size()));
    }

    /**
     * The same for a page of search results, its two queries on two pooled connections at once:
     * each is a database's CPU work (PostgreSQL's backend, or sqlite-jdbc's native code) while the
     * other core idles, and a search waits for their sum. Neither thread holds a connection while
     * it waits for the other, so a drained pool delays the reads but cannot deadlock them. They
     * see two snapshots, as the autocommit queries of {@link #read} already do.
     */
    Map<String, RunData> readPage(List<String> runIds) {
        if (runIds.size() < PARALLEL_FROM_RUNS) {
            return runIds.isEmpty() ? Map.of() : db.read(h -> read(h, runIds));
        }
        String idList = dialect.stringList(runIds);
        int n = runIds.size();
        CompletableFuture<List<List<Metric>>> metrics = CompletableFuture.supplyAsync(
                () -> db.read(h -> readMetrics(h, idList, n)), SECOND_READS);
        ParamsAndTags paramsAndTags = db.read(h -> readParamsAndTags(h, idList, n));
        try {
            return assemble(runIds, metrics.join(), paramsAndTags);
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private List<List<Metric>> readMetrics(Handle h, String idList, int n) {
        List<List<Metric>> metrics = emptyLists(n);
        new Sql().append(metricsSql, idList).forEachRow(db, h, row -> {
            double value = row.getBoolean(6) ? Double.NaN : row.getDouble(3);
            metrics.get(row.getInt(1)).add(new Metric(row.getString(2), value, row.getLong(4), row.getLong(5)));
        });
        return metrics;
    }

    private record ParamsAndTags(List<List<Param>> params, List<List<Tag>> tags) {
    }

    private ParamsAndTags readParamsAndTags(Handle h, String idList, int n) {
        List<List<Param>> params = emptyLists(n);
        List<List<Tag>> tags = emptyLists(n);
        new Sql().append(paramsAndTagsSql, idList).forEachRow(db, h, row -> {
            int pos = row.getInt(1);
            params.set(pos, entries(row.getString(2), Param::new));
            tags.set(pos, entries(row.getString(3), Tag::new));
        });
        return new ParamsAndTags(params, tags);
    }

    private static Map<String, RunData> assemble(List<String> runIds, List<List<Metric>> metrics, ParamsAndTags pt) {
        int n = runIds.size();
        Map<String, RunData> data = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            data.put(runIds.get(i), new RunData(sortedByKey(metrics.get(i), Metric::key),
                    sortedByKey(pt.params().get(i), Param::key), sortedByKey(pt.tags().get(i), Tag::key)));
        }
        return data;
    }

    private static <T> List<List<T>> emptyLists(int n) {
        List<List<T>> lists = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            lists.add(new ArrayList<>());
        }
        return lists;
    }

    /** The entries of a JSON object of strings (a run's params or tags); SQL NULL means a run with none. */
    private static <T> List<T> entries(String jsonObject, BiFunction<String, String, T> entry) {
        List<T> entries = new ArrayList<>();
        if (jsonObject == null) {
            return entries;
        }
        try (JsonParser parser = Json.mapper().getFactory().createParser(jsonObject)) {
            parser.nextToken();
            String key;
            while ((key = parser.nextFieldName()) != null) {
                JsonToken value = parser.nextToken();
                entries.add(entry.apply(key, value == JsonToken.VALUE_NULL ? null : parser.getText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable JSON from the database: " + jsonObject, e);
        }
        return entries;
    }

    private static <T> List<T> sortedByKey(List<T> items, Function<T, String> key) {
        for (int i = 1; i < items.size(); i++) {
            // Rows usually arrive in primary-key order, (run_uuid, key): sort only when they did not.
            if (key.apply(items.get(i - 1)).compareTo(key.apply(items.get(i))) > 0) {
                items.sort(Comparator.comparing(key));
                break;
            }
        }
        return items;
    }
}
