package org.mlops4j.server.mlflow;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
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
    // Field names with their quoted UTF-8 form kept: a page of 100 runs writes some 4,000 of them.
    private static final SerializableString INFO = new SerializedString("info");
    private static final SerializableString DATA = new SerializedString("data");
    private static final SerializableString METRICS = new SerializedString("metrics");
    private static final SerializableString PARAMS = new SerializedString("params");
    private static final SerializableString KEY = new SerializedString("key");
    private static final SerializableString VALUE = new SerializedString("value");
    private static final SerializableString INPUTS = new SerializedString("inputs");
    private static final SerializableString DATASET_INPUTS = new SerializedString("dataset_inputs");
    private static final SerializableString DATASET = new SerializedString("dataset");
    private static final SerializableString RUN_ID = new SerializedString("run_id");
    private static final SerializableString RUN_UUID = new SerializedString("run_uuid");
    private static final SerializableString RUN_NAME = new SerializedString("run_name");
    private static final SerializableString EXPERIMENT_ID = new SerializedString("experiment_id");
    private static final SerializableString STATUS = new SerializedString("status");
    private static final SerializableString ARTIFACT_URI = new SerializedString("artifact_uri");
    private static final SerializableString LIFECYCLE_STAGE = new SerializedString("lifecycle_stage");
    private static final SerializableString USER_ID = new SerializedString("user_id");
    private static final SerializableString START_TIME = new SerializedString("start_time");
    private static final SerializableString END_TIME = new SerializedString("end_time");
    private static final SerializableString TIMESTAMP = new SerializedString("timestamp");
    private static final SerializableString STEP = new SerializedString("step");
    private static final SerializableString TAGS = new SerializedString("tags");
    private static final SerializableString NAME = new SerializedString("name");
    private static final SerializableString DIGEST = new SerializedString("digest");
    private static final SerializableString SOURCE_TYPE = new SerializedString("source_type");
    private static final SerializableString SOURCE = new SerializedString("source");
    private static final SerializableString SCHEMA = new SerializedString("schema");
    private static final SerializableString PROFILE = new SerializedString("profile");

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
        g.writeFieldName(INFO);
        runInfo(g, run.info());
        g.writeFieldName(DATA);
        g.writeStartObject();
        g.writeFieldName(METRICS);
        g.writeStartArray();
        for (Metric m : run.data().metrics()) {
            metric(g, m);
        }
        g.writeEndArray();
        g.writeFieldName(PARAMS);
        g.writeStartArray();
        for (Param p : run.data().params()) {
            g.writeStartObject();
            stringField(g, KEY, p.key());
            stringField(g, VALUE, p.value());
            g.writeEndObject();
        }
        g.writeEndArray();
        tags(g, run.data().tags());
        g.writeEndObject();
        g.writeFieldName(INPUTS);
        g.writeStartObject();
        g.writeFieldName(DATASET_INPUTS);
        g.writeStartArray();
        for (DatasetInput input : run.inputs()) {
            g.writeStartObject();
            tags(g, input.tags());
            g.writeFieldName(DATASET);
            dataset(g, input.dataset());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
    }

    static void runInfo(JsonGenerator g, RunInfo info) throws IOException {
        g.writeStartObject();
        stringField(g, RUN_ID, info.runId());
        stringField(g, RUN_UUID, info.runId());
        stringField(g, RUN_NAME, info.runName());
        stringField(g, EXPERIMENT_ID, info.experimentId());
        stringField(g, STATUS, info.status().name());
        stringField(g, ARTIFACT_URI, info.artifactUri());
        stringField(g, LIFECYCLE_STAGE, info.lifecycleStage().wireName());
        stringIfPresent(g, USER_ID, info.userId());
        if (info.startTime() != null) {
            numberField(g, START_TIME, info.startTime());
        }
        if (info.endTime() != null) {
            numberField(g, END_TIME, info.endTime());
        }
        g.writeEndObject();
    }

    static void metric(JsonGenerator g, Metric m) throws IOException {
        g.writeStartObject();
        stringField(g, KEY, m.key());
        g.writeFieldName(VALUE);
        double value = m.value();
        // proto3 JSON spells the non-finite doubles as strings
        if (Double.isNaN(value)) {
            g.writeString("NaN");
        } else if (Double.isInfinite(value)) {
            g.writeString(value > 0 ? "Infinity" : "-Infinity");
        } else {
            g.writeNumber(value);
        }
        numberField(g, TIMESTAMP, m.timestamp());
        numberField(g, STEP, m.step());
        g.writeEndObject();
    }

    static void tags(JsonGenerator g, List<Tag> tags) throws IOException {
        g.writeFieldName(TAGS);
        g.writeStartArray();
        for (Tag t : tags) {
            g.writeStartObject();
            stringField(g, KEY, t.key());
            stringIfPresent(g, VALUE, t.value());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void dataset(JsonGenerator g, LoggedDataset d) throws IOException {
        g.writeStartObject();
        stringField(g, NAME, d.name());
        stringField(g, DIGEST, d.digest());
        stringIfPresent(g, SOURCE_TYPE, d.sourceType());
        stringIfPresent(g, SOURCE, d.source());
        stringIfPresent(g, SCHEMA, d.schema());
        stringIfPresent(g, PROFILE, d.profile());
        g.writeEndObject();
    }

    private static void stringIfPresent(JsonGenerator g, SerializableString name, String value) throws IOException {
        if (value != null) {
            stringField(g, name, value);
        }
    }

    private static void stringField(JsonGenerator g, SerializableString name, String value) throws IOException {
        g.writeFieldName(name);
        g.writeString(value);
    }

    private static void numberField(JsonGenerator g, SerializableString name, long value) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(value);
    }
}
