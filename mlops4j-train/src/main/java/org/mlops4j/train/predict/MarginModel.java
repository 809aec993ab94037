package org.mlops4j.train.predict;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.mlops4j.core.Json;
import org.mlops4j.core.MlopsException;

/**
 * A model reduced to arithmetic on feature vectors: margins (raw scores) before the link function.
 * Implementations are immutable and thread-safe; parsing never executes anything from the file.
 */
public sealed interface MarginModel permits TreeEnsemble, LinearModel {
    /** Flavor of XGBoost JSON models (trees). */
    String XGBOOST = "xgboost";
    /** Flavor of coefficient files (linear models). */
    String LINEAR = "linear";

    /** 1 for binary and regression, the number of classes for multiclass. */
    int outputs();

    /** How many features a row has. */
    int featureCount();

    Link link();

    /** Writes the margins of the row starting at {@code x[offset]} into {@code out[0..outputs())}. */
    void margins(float[] x, int offset, float[] out);

    /** Parses a model file of the given flavor. */
    static MarginModel parse(String flavor, byte[] bytes) {
        if (XGBOOST.equals(flavor)) {
            return TreeEnsemble.fromXgboostJson(bytes);
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw MlopsException.invalidParameter("Model file is not valid JSON: %s", e.getMessage());
        }
        return switch (flavor) {
            case LINEAR -> LinearModel.fromJson(root);
            default -> throw MlopsException.invalidParameter("Unknown model flavor '%s' (known: xgboost, linear)", flavor);
        };
    }

    /** Applies the link to margins, writing probabilities (or the value) as doubles. */
    static void applyLink(Link link, float[] margins, double[] out) {
        switch (link) {
            case LOGISTIC -> {
                double p = 1.0 / (1.0 + Math.exp(-(double) margins[0]));
                out[0] = 1.0 - p;
                out[1] = p;
            }
            case SOFTMAX -> {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < out.length; k++) {
                    max = Math.max(max, margins[k]);
                }
                double sum = 0;
                for (int k = 0; k < out.length; k++) {
                    out[k] = Math.exp(margins[k] - max);
                    sum += out[k];
                }
                for (int k = 0; k < out.length; k++) {
                    out[k] /= sum;
                }
            }
            case IDENTITY -> out[0] = margins[0];
        }
    }
}
