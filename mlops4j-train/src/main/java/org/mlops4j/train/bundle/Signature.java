package org.mlops4j.train.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What a model takes and returns. Input types follow MLflow's column types: {@code double} for
 * numeric inputs, {@code string} for categorical ones. Outputs: {@code label} and
 * {@code probabilities} (one per class, in {@code classes} order) for classifiers, {@code prediction}
 * for regressors.
 */
public record Signature(List<Field> inputs, List<Field> outputs) {
    public Signature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** A named, typed input or output. */
    public record Field(String name, String type) {
    }

    public List<String> inputNames() {
        return inputs.stream().map(Field::name).toList();
    }

    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        ArrayNode in = node.putArray("inputs");
        inputs.forEach(f -> in.addObject().put("name", f.name()).put("type", f.type()));
        ArrayNode out = node.putArray("outputs");
        outputs.forEach(f -> out.addObject().put("name", f.name()).put("type", f.type()));
        return node;
    }

    public static Signature fromJson(JsonNode node) {
        List<Field> in = new ArrayList<>();
        node.path("inputs").forEach(f -> in.add(new Field(f.path("name").asText(), f.path("type").asText())));
        List<Field> out = new ArrayList<>();
        node.path("outputs").forEach(f -> out.add(new Field(f.path("name").asText(), f.path("type").asText())));
        return new Signature(in, out);
    }
}
