package org.mlops4j.serving;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.mlops4j.data.Column;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.Table;
import org.mlops4j.serving.metrics.ServingMetrics;
import org.mlops4j.serving.payload.PayloadCodec;
import org.mlops4j.serving.payload.PayloadLines;
import org.mlops4j.serving.payload.PayloadLog;
import org.mlops4j.serving.protocol.RawColumns;
import org.mlops4j.serving.route.EndpointService;
import org.mlops4j.serving.route.LoadedModel;
import org.mlops4j.serving.route.Routing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data plane every protocol shares: picks the model that answers (primary or canary), binds
 * the input to its signature, predicts, journals the payload, and mirrors the request to the
 * shadow model in the background. No HTTP here. Thread-safe.
 */
public final class ScoringService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringService.class);
    private final EndpointService endpoints;
    private final PayloadLog payloads;
    private final ServingMetrics metrics;
    private final Clock clock;
    private final ExecutorService shadows = Executors.newFixedThreadPool(2,
            r -> Thread.ofPlatform().name("mlops4j-shadow").daemon(true).unstarted(r));

    public ScoringService(EndpointService endpoints, PayloadLog payloads, ServingMetrics metrics, Clock clock) {
        this.endpoints = endpoints;
        this.payloads = payloads;
        this.metrics = metrics;
        this.clock = clock;
    }

    public EndpointService endpoints() {
        return endpoints;
    }

    /**
     * @param textCells true when every cell arrived as text (CSV)
     * @param requestId the caller's id, or null for a generated one
     */
    public Scored score(String endpoint, RawColumns input, boolean textCells, boolean explain, String requestId) {
        Routing routing = endpoints.routing(endpoint);
        Routing.Answering answering = routing.choose();
        String id = requestId == null || requestId.isBlank() ? RequestIds.at(clock.millis()).toString() : requestId;
        Table table = answering.model().binder().bind(input, textCells);
        long start = System.nanoTime();
        List<Prediction> predictions = answering.model().runtime().predict(table, explain);
        double millis = (System.nanoTime() - start) / 1e6;
        ModelRuntime runtime = answering.model().runtime();
        CompletableFuture<Boolean> logged = routing.config().payloadLogging() && payloads != null
                ? journal(id, endpoint, runtime, answering.traffic(), table, predictions, millis)
                : CompletableFuture.completedFuture(false);
        if (routing.shadow() != null) {
            mirror(endpoint, routing, input, textCells, id);
        }
        return new Scored(id, runtime.modelName(), runtime.modelVersion(), answering.traffic(), predictions, logged);
    }

    /** Scores the same input on the shadow model; its answers are journaled, never returned. */
    private void mirror(String endpoint, Routing routing, RawColumns input, boolean textCells, String id) {
        LoadedModel shadow = routing.shadow();
        try {
            shadows.execute(() -> {
                try {
                    Table table = shadow.binder().bind(input, textCells);
                    long start = System.nanoTime();
                    List<Prediction> predictions = shadow.runtime().predict(table, false);
                    double millis = (System.nanoTime() - start) / 1e6;
                    if (payloads != null) {
                        journal(id, endpoint, shadow.runtime(), "shadow", table, predictions, millis);
                    }
                    metrics.shadowScored(endpoint, true);
                } catch (RuntimeException e) {
                    metrics.shadowScored(endpoint, false);
                    LOG.debug("shadow model of '{}' failed on request {}", endpoint, id, e);
                }
            });
        } catch (RejectedExecutionException e) {
            metrics.shadowScored(endpoint, false);
        }
    }

    /** Appends the request's records; fails, as an append that cannot write does, when their schema cannot be saved. */
    private CompletableFuture<Boolean> journal(String id, String endpoint, ModelRuntime runtime, String traffic, Table table,
                                               List<Prediction> predictions, double millis) {
        List<Column> columns = table.columns();
        String schema;
        try {
            schema = PayloadCodec.schema(payloads.schemas(), columns.size(), i -> columns.get(i).name());
        } catch (UncheckedIOException | IllegalStateException e) {
            LOG.error("payload schema could not be saved", e);
            return CompletableFuture.failedFuture(e);
        }
        return payloads.append(records(id, endpoint, runtime, traffic, columns, schema, predictions, millis));
    }

    private PayloadLines records(String id, String endpoint, ModelRuntime runtime, String traffic, List<Column> columns,
                                String schema, List<Prediction> predictions, double millis) {
        PayloadCodec.RequestHeader header = new PayloadCodec.RequestHeader(id, endpoint, runtime.modelName(),
                runtime.modelVersion(), traffic, clock.millis(), millis, schema);
        return PayloadCodec.encode(header, predictions.size(), (json, row) -> writeFeatures(json, columns, row),
                (json, row) -> writePrediction(json, predictions.get(row)));
    }

    /** The row's values in column order: the header's schema names them. */
    private static void writeFeatures(JsonGenerator json, List<Column> columns, int row) throws IOException {
        json.writeStartArray(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            if (column.isMissing(row)) {
                json.writeNull();
            } else if (column instanceof NumericColumn numeric) {
                PayloadCodec.writeNumber(json, numeric.value(row));
            } else {
                json.writeString(column.text(row));
            }
        }
        json.writeEndArray();
    }

    private static void writePrediction(JsonGenerator json, Prediction p) throws IOException {
        json.writeStartObject();
        json.writeFieldName("prediction");
        if (p.value() instanceof Number number) {
            json.writeNumber(number.doubleValue());
        } else {
            json.writeString(String.valueOf(p.value()));
        }
        if (p.probabilities() != null) {
            json.writeObjectFieldStart("probabilities");
            for (Map.Entry<String, Double> e : p.probabilities().entrySet()) { // in class order
                json.writeNumberField(e.getKey(), e.getValue());
            }
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    @Override
    public void close() {
        shadows.shutdown();
    }
}
