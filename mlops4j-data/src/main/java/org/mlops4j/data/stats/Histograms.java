package org.mlops4j.data.stats;

/**
 * numpy's conventions for histograms and quantiles, on sorted arrays. Stateless; public because the
 * drift tests bin data the same way.
 */
public final class Histograms {
    private Histograms() {
    }

    /**
     * {@code bins + 1} equal-width edges over [min, max], as {@code numpy.histogram_bin_edges}: the
     * i-th edge is {@code min + i * (max - min) / bins}, the last one is max itself; when min equals
     * max the range is widened to [min - 0.5, max + 0.5].
     */
    public static double[] edges(double min, double max, int bins) {
        double lo = min;
        double hi = max;
        if (lo == hi) {
            lo -= 0.5;
            hi += 0.5;
        }
        double[] edges = new double[bins + 1];
        double step = (hi - lo) / bins;
        for (int i = 0; i < bins; i++) {
            edges[i] = lo + i * step;
        }
        edges[bins] = hi;
        return edges;
    }

    /**
     * How many of the sorted values fall in each bin [e_i, e_i+1), the last bin closed, values
     * outside [e_0, e_last] ignored: what {@code numpy.histogram(values, edges)} returns.
     */
    public static long[] counts(double[] sorted, double[] edges) {
        int bins = edges.length - 1;
        long[] counts = new long[bins];
        int previous = lowerBound(sorted, edges[0]);
        for (int b = 0; b < bins; b++) {
            int next = b == bins - 1 ? upperBound(sorted, edges[bins]) : lowerBound(sorted, edges[b + 1]);
            counts[b] = next - previous;
            previous = next;
        }
        return counts;
    }

    /** numpy's default ("linear") quantile of sorted, non-empty values. */
    public static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double t = h - lo;
        double a = sorted[lo];
        double b = sorted[hi];
        return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
    }

    /** First index whose value is not less than {@code key}. */
    static int lowerBound(double[] sorted, double key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First index whose value is greater than {@code key}. */
    static int upperBound(double[] sorted, double key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
