package org.mlops4j.data.stats;

/** A value, how often it occurs, and its share of the non-missing values. */
public record ValueCount(String value, long count, double frequency) {
}
