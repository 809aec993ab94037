package org.mlops4j.data.stats;

import com.tdunning.math.stats.MergingDigest;
import com.tdunning.math.stats.TDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mlops4j.data.Column;
import org.mlops4j.data.DoubleSort;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.TimestampColumn;

/**
 * Streams a numeric column chunk by chunk: counts and min/max per value, mean and M2 merged per
 * chunk (Chan et al.), finite values kept for exact quantiles until the budget is spent, then a
 * t-digest. Not thread-safe.
 */
final class NumericAccumulator {
    private static final double DIGEST_COMPRESSION = 200;
    private final StatisticsOptions options;
    private long rows;
    private long missing;
    private long n;
    private long zeros;
    private long nan;
    private long infinite;
    private double mean;
    private double m2;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double[] buffer = new double[0];
    private int size;
    private TDigest digest;
    /** While the only chunk seen is a numeric column, its sorted values serve; no copy is made. */
    private NumericColumn only;
    private int chunks;

    NumericAccumulator(StatisticsOptions options) {
        this.options = options;
    }

    void add(Column column) {
        chunks++;
        if (chunks == 2 && only != null) {
            double[] first = only.sortedFiniteValues();
            buffer = Arrays.copyOf(first, Math.max(first.length, 1024));
            size = first.length;
            only = null;
        }
        int length = column.size();
        double[] values;
        if (column instanceof NumericColumn numeric) {
            values = numeric.rawValues();
        } else {
            TimestampColumn ts = (TimestampColumn) column;
            values = new double[length];
            for (int i = 0; i < length; i++) {
                values[i] = ts.epochMillis(i);
            }
        }
        rows += length;
        boolean keep = chunks == 1 && column instanceof NumericColumn;
        boolean exact = digest == null && size + (long) length <= options.exactValueBudget();
        double[] target = null;
        int start = 0;
        if (keep) {
            only = (NumericColumn) column;
        } else if (exact) {
            if (buffer.length < size + length) {
                buffer = Arrays.copyOf(buffer, Math.max(size + length, buffer.length * 2));
            }
            target = buffer;
            start = size;
        } else {
            target = new double[length];
        }
        int k = start;
        int count = 0;
        double sum = 0;
        double lo = min;
        double hi = max;
        long z = 0;
        for (int i = 0; i < length; i++) {
            if (column.isMissing(i)) {
                missing++;
                continue;
            }
            double v = values[i];
            if (Double.isNaN(v)) {
                nan++;
            } else if (Double.isInfinite(v)) {
                infinite++;
            } else {
                if (target != null) {
                    target[k++] = v;
                }
                count++;
                sum += v;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
                if (v == 0) {
                    z++;
                }
            }
        }
        min = lo;
        max = hi;
        zeros += z;
        if (count > 0) {
            double chunkMean = sum / count;
            double chunkM2 = 0;
            for (int i = 0; i < length; i++) {
                double v = values[i];
                if (Double.isFinite(v) && !column.isMissing(i)) {
                    double d = v - chunkMean;
                    chunkM2 += d * d;
                }
            }
            merge(count, chunkMean, chunkM2);
        }
        if (keep) {
            if (count > options.exactValueBudget()) {
                toDigest(only.sortedFiniteValues(), 0, count);
                only = null;
            }
        } else if (exact) {
            size = k;
        } else {
            toDigest(target, 0, k);
        }
    }

    private void merge(long count, double chunkMean, double chunkM2) {
        long total = n + count;
        double delta = chunkMean - mean;
        mean += delta * count / total;
        m2 += chunkM2 + delta * delta * ((double) n * count / total);
        n = total;
    }

    private void toDigest(double[] values, int from, int to) {
        if (digest == null) {
            digest = new MergingDigest(DIGEST_COMPRESSION);
            for (int i = 0; i < size; i++) {
                digest.add(buffer[i]);
            }
            buffer = new double[0];
            size = 0;
        }
        for (int i = from; i < to; i++) {
            digest.add(values[i]);
        }
    }

    long rows() {
        return rows;
    }

    long missing() {
        return missing;
    }

    NumericStatistics finish() {
        if (n == 0) {
            return new NumericStatistics(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, nan, infinite,
                    List.of(), List.of(), true);
        }
        double std = Math.sqrt(Math.max(0, m2 / n));
        if (digest == null) {
            double[] sorted;
            if (only != null) {
                sorted = only.sortedFiniteValues();
            } else {
                sorted = Arrays.copyOf(buffer, size);
                DoubleSort.sort(sorted, size);
            }
            return new NumericStatistics(n, mean, std, min, max, zeros, nan, infinite, exactQuantiles(sorted),
                    exactHistogram(sorted), true);
        }
        List<Quantile> quantiles = new ArrayList<>();
        for (double q : options.quantiles()) {
            quantiles.add(new Quantile(q, Math.min(max, Math.max(min, digest.quantile(q)))));
        }
        double[] edges = Histograms.edges(min, max, options.histogramBins());
        List<HistogramBin> bins = new ArrayList<>();
        long assigned = 0;
        for (int b = 0; b < edges.length - 1; b++) {
            long upTo = b == edges.length - 2 ? n : Math.round(digest.cdf(edges[b + 1]) * n);
            long count = Math.max(0, upTo - assigned);
            bins.add(new HistogramBin(edges[b], edges[b + 1], count));
            assigned += count;
        }
        return new NumericStatistics(n, mean, std, min, max, zeros, nan, infinite, quantiles, bins, false);
    }

    private List<Quantile> exactQuantiles(double[] sorted) {
        List<Quantile> quantiles = new ArrayList<>();
        for (double q : options.quantiles()) {
            quantiles.add(new Quantile(q, Histograms.quantile(sorted, q)));
        }
        return quantiles;
    }

    private List<HistogramBin> exactHistogram(double[] sorted) {
        double[] edges = Histograms.edges(sorted[0], sorted[sorted.length - 1], options.histogramBins());
        long[] counts = Histograms.counts(sorted, edges);
        List<HistogramBin> bins = new ArrayList<>(counts.length);
        for (int b = 0; b < counts.length; b++) {
            bins.add(new HistogramBin(edges[b], edges[b + 1], counts[b]));
        }
        return bins;
    }
}
