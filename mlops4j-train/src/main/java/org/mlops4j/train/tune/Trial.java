package org.mlops4j.train.tune;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One finished trial of a search.
 *
 * @param number  0-based, in the order trials ran
 * @param params  the hyperparameters proposed
 * @param score   the search metric's value (NaN when the trial could not be scored)
 * @param metrics every metric the trial logged
 * @param runId   the child run in tracking, or null without tracking
 */
public record Trial(int number, Map<String, Object> params, double score, Map<String, Double> metrics, String runId) {
    public Trial {
        params = Collections.unmodifiableMap(new TreeMap<>(params));
        metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
    }
}
