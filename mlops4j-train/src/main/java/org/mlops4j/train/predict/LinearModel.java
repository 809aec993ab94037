package org.mlops4j.train.predict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mlops4j.core.MlopsException;

/**
 * A linear model stored as coefficients ({@code coefficients.json}): per output, an intercept and
 * one weight per feature; margin = intercept + sum(weight * x) over the features present (a missing
 * value contributes nothing, as in XGBoost's gblinear). Computed in 32-bit floats in feature order,
 * as XGBoost does.
 */
public final class LinearModel implements MarginModel {
    public static final String FORMAT = "mlops4j.linear/1";

    private final Link link;
    private final List<String> features;
    private final float[] intercepts;
    private final float[] weights; // feature-major: weights[f * outputs + k]

    private LinearModel(Link link, List<String> features, float[] intercepts, float[] weights) {
        this.link = link;
        this.features = List.copyOf(features);
        this.intercepts = intercepts;
        this.weights = weights;
    }

    /**
     * Converts XGBoost's JSON of a gblinear model into the coefficients file: weights as XGBoost
     * stores them, and the intercept as bias plus base margin (summed in float, as XGBoost does; the
     * checks against XGBoost's own predictions are in the tests and after every training).
     */
    public static ObjectNode coefficientsFromGblinear(JsonNode xgboostModel, List<String> featureNames) {
        JsonNode learner = XgboostJson.learner(xgboostModel);
        JsonNode booster = learner.path("gradient_booster");
        if (!booster.path("name").asText().equals("gblinear")) {
            throw MlopsException.invalidParameter("Not a gblinear model: %s", booster.path("name").asText());
        }
        Link link = XgboostJson.link(learner);
        int outputs = XgboostJson.outputs(learner, link);
        int featureCount = XgboostJson.featureCount(learner);
        if (featureCount != featureNames.size()) {
            throw MlopsException.invalidParameter("gblinear model has %d features, %d names given", featureCount,
                    featureNames.size());
        }
        float[] base = XgboostJson.baseMargins(learner, link, outputs);
        JsonNode w = booster.path("model").path("weights");
        if (w.size() != (featureCount + 1) * outputs) {
            throw MlopsException.invalidParameter("gblinear model has %d weights, expected %d", w.size(),
                    (featureCount + 1) * outputs);
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("format", FORMAT);
        root.put("link", link.name().toLowerCase(Locale.ROOT));
        ArrayNode names = root.putArray("features");
        featureNames.forEach(names::add);
        ArrayNode intercept = root.putArray("intercept");
        for (int k = 0; k < outputs; k++) {
            float bias = (float) w.get(featureCount * outputs + k).doubleValue();
            // XGBoost 3.x's gblinear adds the first base margin to every output (gbtree uses one per class);
            // the weights were fitted that way, so the intercept must be built the same way.
            intercept.add(bias + base[0]);
        }
        ArrayNode coefficients = root.putArray("coefficients");
        for (int f = 0; f < featureCount; f++) {
            ArrayNode row = coefficients.addArray();
            for (int k = 0; k < outputs; k++) {
                row.add((float) w.get(f * outputs + k).doubleValue());
            }
        }
        return root;
    }

    static LinearModel fromJson(JsonNode root) {
        if (!FORMAT.equals(root.path("format").asText())) {
            throw MlopsException.invalidParameter("Not a coefficients file of format %s", FORMAT);
        }
        Link link;
        try {
            link = Link.valueOf(root.path("link").asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw MlopsException.invalidParameter("Unknown link '%s' in coefficients file", root.path("link").asText());
        }
        List<String> features = new ArrayList<>();
        root.path("features").forEach(f -> features.add(f.asText()));
        JsonNode intercept = root.path("intercept");
        int outputs = intercept.size();
        if (outputs < 1 || (link != Link.SOFTMAX && outputs != 1) || (link == Link.SOFTMAX && outputs < 2)) {
            throw MlopsException.invalidParameter("Coefficients file has %d intercepts for link %s", outputs, link);
        }
        JsonNode coefficients = root.path("coefficients");
        if (coefficients.size() != features.size()) {
            throw MlopsException.invalidParameter("Coefficients file has %d rows for %d features", coefficients.size(),
                    features.size());
        }
        float[] intercepts = new float[outputs];
        for (int k = 0; k < outputs; k++) {
            intercepts[k] = (float) intercept.get(k).doubleValue();
        }
        float[] weights = new float[features.size() * outputs];
        for (int f = 0; f < features.size(); f++) {
            JsonNode row = coefficients.get(f);
            if (row.size() != outputs) {
                throw MlopsException.invalidParameter("Coefficients of feature '%s' have %d values, expected %d",
                        features.get(f), row.size(), outputs);
            }
            for (int k = 0; k < outputs; k++) {
                weights[f * outputs + k] = (float) row.get(k).doubleValue();
            }
        }
        return new LinearModel(link, features, intercepts, weights);
    }

    @Override
    public int outputs() {
        return intercepts.length;
    }

    @Override
    public int featureCount() {
        return features.size();
    }

    @Override
    public Link link() {
        return link;
    }

    public List<String> features() {
        return features;
    }

    /** The weight of feature {@code f} for output {@code k}. */
    public float weight(int f, int k) {
        return weights[f * intercepts.length + k];
    }

    public float intercept(int k) {
        return intercepts[k];
    }

    @Override
    public void margins(float[] x, int offset, float[] out) {
        int outputs = intercepts.length;
        System.arraycopy(intercepts, 0, out, 0, outputs);
        int n = features.size();
        for (int f = 0; f < n; f++) {
            float v = x[offset + f];
            if (v == v) {
                for (int k = 0; k < outputs; k++) {
                    out[k] += v * weights[f * outputs + k];
                }
            }
        }
    }
}
