package org.mlops4j.server.mlflow;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.mlops4j.core.Json;
import org.mlops4j.tracking.DatasetInput;
import org.mlops4j.tracking.LoggedDataset;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.Param;
import org.mlops4j.tracking.Run;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.Tag;

/**
 * Runs as MLflow's proto-JSON, written straight to a generator: the one place that knows a run's
 * wire shape. A page of 100 runs holds some 10,000 values, and building a node tree for them first
 * cost about as much as reading them from the database.
 */
final class RunJsonWriter {
    /** Writes a whole JSON document. */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private RunJsonWriter() {
    }

    /**
     * Writes a whole JSON document to {@code out}, which stays open. A search page of 100 runs is
     * some 160 KB: written to the response as it is generated, it is not also built up in a
     * growing array and copied out of it.
     */
    static void write(OutputStream out, Body body) {
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same output as a tree, for answers assembled from nodes. */
    static JsonNode tree(Body body) {
        try (TokenBuffer buffer = new TokenBuffer(Json.mapper(), false)) {
            body.write(buffer);
            return Json.mapper().readTree(buffer.asParser());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void run(JsonGenerator g, Run run) throws IOException {
        g.writeStartObject();
        g.writeFieldName("info");
        runInfo(g, run.info());
        g.writeObjectFieldStart("data");
        g.writeArrayFieldStart("metrics");
        for (Metric m : run.data().metrics()) {
            metric(g, m);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("params");
        for (Param p : run.data().params()) {
            g.writeStartObject();
            g.writeStringField("key", p.key());
            g.writeStringField("value", p.value());
            g.writeEndObject();
        }
        g.writeEndArray();
        tags(g, run.data().tags());
        g.writeEndObject();
        g.writeObjectFieldStart("inputs");
        g.writeArrayFieldStart("dataset_inputs");
        for (DatasetInput input : run.inputs()) {
            g.writeStartObject();
            tags(g, input.tags());
            g.writeFieldName("dataset");
            dataset(g, input.dataset());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
    }

    static void runInfo(JsonGenerator g, RunInfo info) throws IOException {
        g.writeStartObject();
        g.writeStringField("run_id", info.runId());
        g.writeStringField("run_uuid", info.runId());
        g.writeStringField("run_name", info.runName());
        g.writeStringField("experiment_id", info.experimentId());
        g.writeStringField("status", info.status().name());
        g.writeStringField("artifact_uri", info.artifactUri());
        g.writeStringField("lifecycle_stage", info.lifecycleStage().wireName());
        stringIfPresent(g, "user_id", info.userId());
        if (info.startTime() != null) {
            g.writeNumberField("start_time", info.startTime());
        }
        if (info.endTime() != null) {
            g.writeNumberField("end_time", info.endTime());
        }
        g.writeEndObject();
    }

    static void metric(JsonGenerator g, Metric m) throws IOException {
        g.writeStartObject();
        g.writeStringField("key", m.key());
        g.writeFieldName("value");
        double value = m.value();
        // proto3 JSON spells the non-finite doubles as strings
        if (Double.isNaN(value)) {
            g.writeString("NaN");
        } else if (Double.isInfinite(value)) {
            g.writeString(value > 0 ? "Infinity" : "-Infinity");
        } else {
            g.writeNumber(value);
        }
        g.writeNumberField("timestamp", m.timestamp());
        g.writeNumberField("step", m.step());
        g.writeEndObject();
    }

    static void tags(JsonGenerator g, List<Tag> tags) throws IOException {
        g.writeArrayFieldStart("tags");
        for (Tag t : tags) {
            g.writeStartObject();
            g.writeStringField("key", t.key());
            stringIfPresent(g, "value", t.value());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void dataset(JsonGenerator g, LoggedDataset d) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", d.name());
        g.writeStringField("digest", d.digest());
        stringIfPresent(g, "source_type", d.sourceType());
        stringIfPresent(g, "source", d.source());
        stringIfPresent(g, "schema", d.schema());
        stringIfPresent(g, "profile", d.profile());
        g.writeEndObject();
    }

    private static void stringIfPresent(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }
}
