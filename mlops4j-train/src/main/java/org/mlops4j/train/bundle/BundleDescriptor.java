package org.mlops4j.train.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mlops4j.core.MlopsException;
import org.mlops4j.train.Task;

/**
 * The bundle's descriptor, {@code bundle.json}.
 *
 * @param formatVersion the bundle format ({@link #FORMAT_VERSION}); readers refuse newer formats
 * @param flavor        how to read the model file: {@code xgboost} (XGBoost JSON) or {@code linear} (coefficients)
 * @param algorithm     the algorithm that trained it, e.g. {@code xgboost}
 * @param label         the label column the model predicts
 * @param classes       class names in probability order (empty for regression); for binary models the
 *                      second is the positive class
 * @param modelFile     path of the model file inside the bundle
 * @param signature     inputs and outputs
 * @param lineage       how the model came to be: dataset name/digest/source, code commit, configuration,
 *                      seed, resolved parameters, metrics, library versions (deterministic content only:
 *                      no run id, no time, so equal inputs give equal bundles)
 * @param files         SHA-256 (hex) of every other file, by path
 */
public record BundleDescriptor(int formatVersion, String flavor, String algorithm, Task task, String label,
                               List<String> classes, String modelFile, Signature signature, JsonNode lineage,
                               Map<String, String> files) {
    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "bundle.json";
    public static final String PIPELINE_FILE = "pipeline.json";
    public static final String INPUT_EXAMPLE_FILE = "input_example.json";

    public BundleDescriptor {
        classes = List.copyOf(classes);
        files = Collections.unmodifiableMap(new TreeMap<>(files));
        lineage = lineage == null ? JsonNodeFactory.instance.objectNode() : lineage.deepCopy();
    }

    /** The same descriptor listing other file digests. */
    public BundleDescriptor withFiles(Map<String, String> newFiles) {
        return new BundleDescriptor(formatVersion, flavor, algorithm, task, label, classes, modelFile, signature, lineage,
                newFiles);
    }

    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("format_version", formatVersion);
        node.put("flavor", flavor);
        node.put("algorithm", algorithm);
        node.put("task", task.wireName());
        node.put("label", label);
        ArrayNode cls = node.putArray("classes");
        classes.forEach(cls::add);
        node.put("model_file", modelFile);
        node.put("pipeline_file", PIPELINE_FILE);
        node.put("input_example_file", INPUT_EXAMPLE_FILE);
        node.set("signature", signature.toJson());
        node.set("lineage", lineage.deepCopy());
        ObjectNode f = node.putObject("files");
        files.forEach(f::put);
        return node;
    }

    public static BundleDescriptor fromJson(JsonNode node) {
        int version = node.path("format_version").asInt(-1);
        if (version < 1) {
            throw MlopsException.invalidParameter("%s has no valid format_version", FILE_NAME);
        }
        if (version > FORMAT_VERSION) {
            throw MlopsException.invalidParameter("Bundle format %d is newer than this mlops4j reads (up to %d)", version,
                    FORMAT_VERSION);
        }
        List<String> classes = new ArrayList<>();
        node.path("classes").forEach(c -> classes.add(c.asText()));
        Map<String, String> files = new TreeMap<>();
        node.path("files").properties().forEach(e -> files.put(e.getKey(), e.getValue().asText()));
        String modelFile = node.path("model_file").asText();
        if (!files.containsKey(modelFile) || !files.containsKey(PIPELINE_FILE)) {
            throw MlopsException.invalidParameter("%s does not list the model file and %s", FILE_NAME, PIPELINE_FILE);
        }
        return new BundleDescriptor(version, node.path("flavor").asText(), node.path("algorithm").asText(),
                Task.parse(node.path("task").asText()), node.path("label").asText(), classes, modelFile,
                Signature.fromJson(node.path("signature")), node.path("lineage"), files);
    }
}
