package org.mlops4j.serving.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mlops4j.data.ColumnType;
import org.mlops4j.data.Table;
import org.mlops4j.data.schema.ColumnSchema;
import org.mlops4j.data.schema.Schema;
import org.mlops4j.serving.ModelRuntime;
import org.mlops4j.serving.Prediction;
import org.mlops4j.train.Task;
import org.mlops4j.train.predict.Explanations;
import org.mlops4j.train.predict.Predictions;
import org.mlops4j.train.predict.Predictor;

/**
 * A trained model bundle as a serving runtime: the same {@link Predictor} (fitted pipeline and
 * model) that training evaluated, so what was tested is what is served. The signature comes from
 * the bundle's saved pipeline: input types, category domains, and whether a missing value is
 * imputed (then the input is optional). Immutable and thread-safe.
 */
public final class BundleRuntime implements ModelRuntime {
    private final String modelName;
    private final String modelVersion;
    private final Predictor predictor;
    private final Schema signature;

    public BundleRuntime(String modelName, String modelVersion, Predictor predictor) {
        this.modelName = modelName;
        this.modelVersion = modelVersion;
        this.predictor = predictor;
        this.signature = signature(predictor.pipeline().toJson());
    }

    static Schema signature(JsonNode pipeline) {
        List<ColumnSchema> columns = new ArrayList<>();
        for (JsonNode input : pipeline.path("inputs")) {
            String name = input.path("name").asText();
            boolean imputed = input.hasNonNull("impute");
            if (input.path("kind").asText().equals("numeric")) {
                // Trees route a missing value down their default branch; other models need it imputed.
                columns.add(new ColumnSchema(name, ColumnType.NUMERIC, false, null, null, null, false, null));
            } else {
                List<String> domain = new ArrayList<>();
                input.path("categories").forEach(c -> domain.add(c.asText()));
                columns.add(new ColumnSchema(name, ColumnType.CATEGORICAL, !imputed, null, null, null, null, domain));
            }
        }
        return Schema.of(columns);
    }

    public Predictor predictor() {
        return predictor;
    }

    @Override
    public String modelName() {
        return modelName;
    }

    @Override
    public String modelVersion() {
        return modelVersion;
    }

    @Override
    public Schema signature() {
        return signature;
    }

    @Override
    public List<Prediction> predict(Table input, boolean explain) {
        Predictions predictions = predictor.predict(input);
        Explanations explanations = explain ? predictor.explain(input) : null;
        List<String> classes = predictions.classes();
        List<Prediction> out = new ArrayList<>(predictions.size());
        for (int row = 0; row < predictions.size(); row++) {
            if (predictions.task() == Task.REGRESSION) {
                out.add(new Prediction(predictions.value(row), null, contributions(explanations, row, 0)));
                continue;
            }
            Map<String, Double> probabilities = new TreeMap<>(); // sorted: Prediction's sorted copy is then linear
            for (int k = 0; k < classes.size(); k++) {
                probabilities.put(classes.get(k), predictions.probability(row, k));
            }
            // Binary models explain the positive class; multiclass models the predicted one.
            int output = predictions.task() == Task.MULTICLASS ? predictions.classIndex(row) : 0;
            out.add(new Prediction(predictions.label(row), probabilities, contributions(explanations, row, output)));
        }
        return out;
    }

    private static Map<String, Double> contributions(Explanations explanations, int row, int output) {
        if (explanations == null) {
            return null;
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (int i = 0; i < explanations.features().size(); i++) {
            values.put(explanations.features().get(i), explanations.contributions()[row][output][i]);
        }
        return values;
    }
}
