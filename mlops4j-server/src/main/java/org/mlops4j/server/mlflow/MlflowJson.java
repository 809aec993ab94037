package org.mlops4j.server.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.mlops4j.tracking.Experiment;
import org.mlops4j.tracking.Metric;
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
        return (ObjectNode) RunJsonWriter.tree(g -> RunJsonWriter.runInfo(g, info));
    }

    static ObjectNode run(Run run) {
        return (ObjectNode) RunJsonWriter.tree(g -> RunJsonWriter.run(g, run));
    }

    static ArrayNode metrics(List<Metric> metrics) {
        return (ArrayNode) RunJsonWriter.tree(g -> {
            g.writeStartArray();
            for (Metric m : metrics) {
                RunJsonWriter.metric(g, m);
            }
            g.writeEndArray();
        });
    }

    static ArrayNode tags(List<Tag> tags) {
        ArrayNode array = F.arrayNode();
        for (Tag t : tags) {
            ObjectNode node = array.addObject().put("key", t.key());
            putIfPresent(node, "value", t.value());
        }
        return array;
    }

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }
}
