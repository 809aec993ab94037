package org.mlops4j.tracking;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.mlops4j.core.Json;
import org.mlops4j.core.MlopsException;
import org.mlops4j.data.ColumnType;
import org.mlops4j.data.registry.DatasetRegistry;
import org.mlops4j.data.registry.DatasetVersion;
import org.mlops4j.data.schema.ColumnSchema;
import org.mlops4j.data.schema.Schema;

/**
 * Records that a run used a registered dataset version, in both places that need to know: on the
 * run, as an MLflow dataset input (so MLflow clients, the UI and {@code datasets.*} search filters
 * see it), and in the data registry's lineage (so a version can list the runs that used it).
 *
 * <p>What is logged: the dataset's name; as digest the first 32 hex digits of its SHA-256 (MLflow
 * caps digests at 36 characters; the full digest is in the source); as source a JSON object with
 * the URI, the full digest and the registry coordinates; as schema MLflow's {@code mlflow_colspec}
 * (which the MLflow UI shows) plus the full mlops4j schema under {@code mlops4j_schema}; as profile
 * MLflow's {@code num_rows}/{@code num_elements}; and the tag {@code mlflow.data.context}. Both
 * writes are idempotent; the run is checked first, so an unknown run records nothing. Thread-safe.
 */
public final class DatasetLineage {
    public static final String TRAINING = "training";
    public static final String EVALUATION = "evaluation";
    static final int MLFLOW_DIGEST_LENGTH = 32;

    private final TrackingService tracking;
    private final DatasetRegistry registry;

    public DatasetLineage(TrackingService tracking, DatasetRegistry registry) {
        this.tracking = tracking;
        this.registry = registry;
    }

    /** Logs version {@code version} of dataset {@code name} as an input of run {@code runId}. */
    public DatasetInput logInput(String runId, String name, int version, String context) {
        return logInput(runId, registry.get(name, version), context);
    }

    /** Logs {@code version} as an input of run {@code runId} in {@code context} (e.g. {@link #TRAINING}). */
    public DatasetInput logInput(String runId, DatasetVersion version, String context) {
        if (context == null || context.isBlank()) {
            throw MlopsException.invalidParameter("A dataset input needs a context such as 'training'");
        }
        Schema schema = registry.schema(version.name(), version.version()).schema();
        DatasetInput input = new DatasetInput(List.of(new Tag(DatasetInput.CONTEXT_TAG, context)),
                new LoggedDataset(version.name(), mlflowDigest(version), sourceType(version), source(version),
                        schemaJson(schema), profileJson(version)));
        tracking.getRun(runId);
        tracking.logInputs(runId, List.of(input));
        registry.recordLineage(version.name(), version.version(), runId, context);
        return input;
    }

    /** The digest as logged on runs: the SHA-256's first 32 hex digits. */
    public static String mlflowDigest(DatasetVersion version) {
        return version.digest().substring(0, Math.min(MLFLOW_DIGEST_LENGTH, version.digest().length()));
    }

    private static String sourceType(DatasetVersion version) {
        return version.source().startsWith("s3://") ? "s3" : "local";
    }

    private static String source(DatasetVersion version) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("uri", version.source());
        node.put("digest", "sha256:" + version.digest());
        node.put("dataset", version.name());
        node.put("version", version.version());
        node.put("format", version.format());
        return node.toString();
    }

    private static String schemaJson(Schema schema) {
        ObjectNode node = Json.mapper().createObjectNode();
        ArrayNode columns = node.putArray("mlflow_colspec");
        for (ColumnSchema column : schema.columns()) {
            columns.addObject().put("type", mlflowType(column.type())).put("name", column.name())
                    .put("required", column.required());
        }
        node.set("mlops4j_schema", Json.mapper().valueToTree(schema));
        return node.toString();
    }

    private static String mlflowType(ColumnType type) {
        return switch (type) {
            case NUMERIC -> "double";
            case BOOLEAN -> "boolean";
            case TIMESTAMP -> "datetime";
            case CATEGORICAL, TEXT -> "string";
        };
    }

    private static String profileJson(DatasetVersion version) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("num_rows", version.rowCount());
        node.put("num_elements", version.rowCount() * version.columnCount());
        return node.toString();
    }
}
