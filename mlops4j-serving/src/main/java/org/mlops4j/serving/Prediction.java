package org.mlops4j.serving;

import java.util.Map;

/**
 * One row's answer: the predicted class (a String) or value (a Double); class probabilities for
 * classifiers (null otherwise); per-feature contributions when asked for and the model has them.
 */
public record Prediction(Object value, Map<String, Double> probabilities, Map<String, Double> contributions) {
    public Prediction {
        probabilities = probabilities == null ? null : Map.copyOf(probabilities);
        contributions = contributions == null ? null : Map.copyOf(contributions);
    }
}
