package org.mlops4j.serving.payload;

/**
 * One scored row. {@code features} and {@code prediction} are JSON objects (the prediction holds the
 * class or value and, for classifiers, the probabilities). {@code traffic} says which route answered:
 * primary, canary or shadow (shadow answers are recorded, never returned).
 */
public record PayloadRecord(String requestId, int rowIndex, String endpoint, String modelName, String modelVersion,
                            String traffic, long scoredAt, double latencyMs, String features, String prediction) {
}
