package org.mlops4j.serving;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One row's answer: the predicted class (a String) or value (a Double); class probabilities for
 * classifiers (null otherwise); per-feature contributions when asked for and the model has them.
 * Both maps are immutable and iterate in key order, the order answers and the payload journal
 * show them in: sorting once here spares every writer a sort per row.
 */
public record Prediction(Object value, Map<String, Double> probabilities, Map<String, Double> contributions) {
    public Prediction {
        probabilities = sorted(probabilities);
        contributions = sorted(contributions);
    }

    private static Map<String, Double> sorted(Map<String, Double> values) {
        return values == null ? null : Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }
}
