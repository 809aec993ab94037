package org.mlops4j.server.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.mlops4j.registry.ModelVersion;
import org.mlops4j.registry.RegisteredModel;

/** Registry records to MLflow's model_registry.proto JSON. */
final class RegistryJson {
    private RegistryJson() {
    }

    static ObjectNode registeredModel(RegisteredModel m) {
        ObjectNode node = MlflowJson.object().put("name", m.name())
                .put("creation_timestamp", m.creationTimestamp())
                .put("last_updated_timestamp", m.lastUpdatedTimestamp());
        if (m.description() != null) {
            node.put("description", m.description());
        }
        ArrayNode latest = node.putArray("latest_versions");
        m.latestVersions().forEach(v -> latest.add(modelVersion(v)));
        node.set("tags", MlflowJson.tags(m.tags()));
        ArrayNode aliases = node.putArray("aliases");
        m.aliases().forEach(a -> aliases.addObject().put("alias", a.alias()).put("version", Long.toString(a.version())));
        return node;
    }

    static ObjectNode modelVersion(ModelVersion v) {
        ObjectNode node = MlflowJson.object().put("name", v.name())
                .put("version", Long.toString(v.version()))
                .put("creation_timestamp", v.creationTimestamp())
                .put("last_updated_timestamp", v.lastUpdatedTimestamp())
                .put("current_stage", v.currentStage().wireName())
                .put("source", v.source())
                .put("status", v.status());
        putIfPresent(node, "user_id", v.userId());
        putIfPresent(node, "description", v.description());
        putIfPresent(node, "run_id", v.runId());
        putIfPresent(node, "run_link", v.runLink());
        putIfPresent(node, "status_message", v.statusMessage());
        node.set("tags", MlflowJson.tags(v.tags()));
        ArrayNode aliases = node.putArray("aliases");
        v.aliases().forEach(aliases::add);
        return node;
    }

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }
}
