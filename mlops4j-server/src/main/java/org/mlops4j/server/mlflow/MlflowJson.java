package org.mlops4j.server.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.mlops4j.tracking.DatasetInput;
import org.mlops4j.tracking.Experiment;
import org.mlops4j.tracking.LoggedDataset;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.Param;
import org.mlops4j.tracking.Run;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.Tag;

/**
 * Domain records to MLflow's proto-JSON: snake_case names, enums by name, unset fields left out,
 * int64 as numbers, NaN and infinities as the strings proto3 JSON uses.
 */
final class MlflowJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private MlflowJson() {
    }

    static ObjectNode object() {
        return F.objectNode();
    }

    static ObjectNode experiment(Experiment e) {
        ObjectNode node = F.objectNode()
                .put("experiment_id", e.experimentId())
                .put("name", e.name())
                .put("artifact_location", e.artifactLocation())
                .put("lifecycle_stage", e.lifecycleStage().wireName())
                .put("last_update_time", e.lastUpdateTime())
                .put("creation_time", e.creationTime());
        node.set("tags", tags(e.tags()));
        return node;
    }

    static ObjectNode runInfo(RunInfo info) {
        ObjectNode node = F.objectNode()
                .put("run_id", info.runId())
                .put("run_uuid", info.runId())
                .put("run_name", info.runName())
                .put("experiment_id", info.experimentId())
                .put("status", info.status().name())
                .put("artifact_uri", info.artifactUri())
                .put("lifecycle_stage", info.lifecycleStage().wireName());
        putIfPresent(node, "user_id", info.userId());
        if (info.startTime() != null) {
            node.put("start_time", info.startTime());
        }
        if (info.endTime() != null) {
            node.put("end_time", info.endTime());
        }
        return node;
    }

    static ObjectNode run(Run run) {
        ObjectNode node = F.objectNode();
        node.set("info", runInfo(run.info()));
        ObjectNode data = node.putObject("data");
        data.set("metrics", metrics(run.data().metrics()));
        ArrayNode params = data.putArray("params");
        for (Param p : run.data().params()) {
            params.addObject().put("key", p.key()).put("value", p.value());
        }
        data.set("tags", tags(run.data().tags()));
        ArrayNode inputs = node.putObject("inputs").putArray("dataset_inputs");
        for (DatasetInput input : run.inputs()) {
            ObjectNode in = inputs.addObject();
            in.set("tags", tags(input.tags()));
            in.set("dataset", dataset(input.dataset()));
        }
        return node;
    }

    private static ObjectNode dataset(LoggedDataset d) {
        ObjectNode node = F.objectNode().put("name", d.name()).put("digest", d.digest());
        putIfPresent(node, "source_type", d.sourceType());
        putIfPresent(node, "source", d.source());
        putIfPresent(node, "schema", d.schema());
        putIfPresent(node, "profile", d.profile());
        return node;
    }

    static ArrayNode metrics(List<Metric> metrics) {
        ArrayNode array = F.arrayNode();
        for (Metric m : metrics) {
            ObjectNode node = array.addObject().put("key", m.key());
            putDouble(node, "value", m.value());
            node.put("timestamp", m.timestamp()).put("step", m.step());
        }
        return array;
    }

    static ArrayNode tags(List<Tag> tags) {
        ArrayNode array = F.arrayNode();
        for (Tag t : tags) {
            ObjectNode node = array.addObject().put("key", t.key());
            putIfPresent(node, "value", t.value());
        }
        return array;
    }

    private static void putDouble(ObjectNode node, String name, double value) {
        if (Double.isNaN(value)) {
            node.put(name, "NaN");
        } else if (Double.isInfinite(value)) {
            node.put(name, value > 0 ? "Infinity" : "-Infinity");
        } else {
            node.put(name, value);
        }
    }

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }
}
