package org.mlops4j.tracking;

/** One point of a metric's history. {@code value} may be NaN or infinite. */
public record Metric(String key, double value, long timestamp, long step) {
}
