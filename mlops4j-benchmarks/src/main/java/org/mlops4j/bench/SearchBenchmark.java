package org.mlops4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.mlops4j.core.Json;

/** search_runs latency over HTTP for one experiment: a few query shapes, each warmed up then timed. */
final class SearchBenchmark {
    /** The query the target applies to: a metric and a param filter, sorted by another metric. */
    static final String FILTER = "metrics.m0 > 0.5 and params.p0 = '" + Populator.ALGORITHMS.get(0) + "'";
    static final String ORDER_BY = "metrics.m1 DESC";

    /**
     * @param returned runs in the answer, checked once outside the timing, so a figure for a query
     *                 that silently matched nothing cannot pass
     * @param warmUp   the untimed calls before the timed ones
     */
    record Figure(Query query, Latency latency, int returned, WarmUp.Report warmUp) {
    }

    enum Query {
        FILTERED_100("filter+order, max 100", FILTER, ORDER_BY, 100),
        FILTERED_1000("filter+order, max 1000", FILTER, ORDER_BY, 1000),
        DEFAULT_100("default order, max 100", null, null, 100);

        final String label;
        private final String filter;
        private final String orderBy;
        private final int maxResults;

        Query(String label, String filter, String orderBy, int maxResults) {
            this.label = label;
            this.filter = filter;
            this.orderBy = orderBy;
            this.maxResults = maxResults;
        }

        String body(String experimentId) {
            ObjectNode body = Json.mapper().createObjectNode();
            body.putArray("experiment_ids").add(experimentId);
            if (filter != null) {
                body.put("filter", filter);
            }
            if (orderBy != null) {
                body.putArray("order_by").add(orderBy);
            }
            return body.put("max_results", maxResults).toString();
        }
    }

    private final MlflowHttp http;
    private final WarmUp warmUp;
    private final long minTimedNanos;
    private final int timed;

    /**
     * Each query shape is called untimed until {@code warmUp} lets go, then timed: at least
     * {@code timed} calls and {@code minTimedNanos} of them.
     */
    SearchBenchmark(MlflowHttp http, WarmUp warmUp, int timed, long minTimedNanos) {
        this.http = http;
        this.warmUp = warmUp;
        this.timed = timed;
        this.minTimedNanos = minTimedNanos;
    }

    List<Figure> measure(String experimentId) {
        return List.of(Query.values()).stream().map(q -> measure(experimentId, q)).toList();
    }

    private Figure measure(String experimentId, Query query) {
        String body = query.body(experimentId);
        JsonNode answer = http.post("runs/search", body);
        int returned = answer.path("runs").size();
        WarmUp.Report warmed = warmUp.run(() -> http.timedPost("runs/search", body));
        long[] nanos = Latency.sample(timed, minTimedNanos, () -> http.timedPost("runs/search", body));
        return new Figure(query, Latency.of(nanos), returned, warmed);
    }
}
