package org.mlops4j.data.stats;

/** A histogram bin [low, high) (the last bin includes high) and how many values fall in it. */
public record HistogramBin(double low, double high, long count) {
}
