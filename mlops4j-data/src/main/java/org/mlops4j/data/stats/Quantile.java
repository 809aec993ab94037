package org.mlops4j.data.stats;

/** The value below which a fraction {@code q} of the finite values lie. */
public record Quantile(double q, double value) {
}
