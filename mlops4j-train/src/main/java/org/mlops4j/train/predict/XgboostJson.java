package org.mlops4j.train.predict;

import com.fasterxml.jackson.databind.JsonNode;
import org.mlops4j.core.MlopsException;

/** Reading the parts of XGBoost's JSON model format (learner, objective, base score) shared by trees and linear models. */
final class XgboostJson {
    private XgboostJson() {
    }

    static JsonNode learner(JsonNode root) {
        JsonNode learner = root.path("learner");
        if (!learner.isObject()) {
            throw MlopsException.invalidParameter("Not an XGBoost JSON model: no 'learner' object");
        }
        return learner;
    }

    static Link link(JsonNode learner) {
        String objective = learner.path("objective").path("name").asText();
        return switch (objective) {
            case "binary:logistic" -> Link.LOGISTIC;
            case "multi:softprob", "multi:softmax" -> Link.SOFTMAX;
            case "reg:squarederror" -> Link.IDENTITY;
            default -> throw MlopsException.invalidParameter("Unsupported XGBoost objective '%s' (supported: "
                    + "binary:logistic, multi:softprob, reg:squarederror)", objective);
        };
    }

    static int outputs(JsonNode learner, Link link) {
        if (link != Link.SOFTMAX) {
            return 1;
        }
        int classes = Integer.parseInt(learner.path("learner_model_param").path("num_class").asText("0"));
        if (classes < 2) {
            throw MlopsException.invalidParameter("Multiclass XGBoost model without num_class");
        }
        return classes;
    }

    static int featureCount(JsonNode learner) {
        return Integer.parseInt(learner.path("learner_model_param").path("num_feature").asText("0"));
    }

    /**
     * The starting margin per output. XGBoost stores {@code base_score} in prediction space (a
     * probability for binary:logistic, hence the logit) as one number or, since 3.0, a list.
     */
    static float[] baseMargins(JsonNode learner, Link link, int outputs) {
        String text = learner.path("learner_model_param").path("base_score").asText("").trim();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        String[] parts = text.isEmpty() ? new String[0] : text.split(",");
        if (parts.length != 1 && parts.length != outputs) {
            throw MlopsException.invalidParameter("XGBoost base_score has %d values for %d outputs", parts.length, outputs);
        }
        float[] margins = new float[outputs];
        for (int k = 0; k < outputs; k++) {
            float base = Float.parseFloat(parts[parts.length == 1 ? 0 : k].trim());
            margins[k] = link == Link.LOGISTIC ? (float) -Math.log(1.0 / base - 1.0) : base;
        }
        return margins;
    }
}
