package org.mlops4j.train.predict;

/**
 * One row's prediction: the class and class probabilities for a classifier (value NaN), or the value
 * for a regressor (label null, probabilities empty).
 */
public record Prediction(String label, double[] probabilities, double value) {
}
