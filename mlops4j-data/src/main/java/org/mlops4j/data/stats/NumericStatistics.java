package org.mlops4j.data.stats;

import java.util.List;

/**
 * Statistics of a numeric (or timestamp, in epoch milliseconds) column. {@code count} is the number
 * of finite values, on which mean, std (population), min, max, quantiles and histogram are
 * computed; NaN and infinite values are counted apart. {@code exact} is false when quantiles and
 * histogram come from a sketch.
 */
public record NumericStatistics(long count, double mean, double std, double min, double max, long zeros, long nan,
                                long infinite, List<Quantile> quantiles, List<HistogramBin> histogram,
                                boolean exact) {
    public NumericStatistics {
        quantiles = List.copyOf(quantiles);
        histogram = List.copyOf(histogram);
    }

    /** The reported quantile closest to {@code q} (the median for 0.5 with default options). */
    public double quantile(double q) {
        return quantiles.stream().min((a, b) -> Double.compare(Math.abs(a.q() - q), Math.abs(b.q() - q)))
                .map(Quantile::value).orElse(Double.NaN);
    }
}
