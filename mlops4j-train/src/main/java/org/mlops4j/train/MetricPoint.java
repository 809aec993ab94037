package org.mlops4j.train;

/** One metric value at a step (the iteration for per-round histories, 0 otherwise). */
public record MetricPoint(String key, double value, long step) {
}
