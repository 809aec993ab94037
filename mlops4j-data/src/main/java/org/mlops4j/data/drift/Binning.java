package org.mlops4j.data.drift;

import java.util.LinkedHashSet;
import java.util.Set;
import org.mlops4j.data.stats.Histograms;

/**
 * Evidently's {@code get_binned_data}: the share of each sample in each bin. A numeric reference
 * with more than 20 distinct values is cut into {@code bins} equal-width bins over the range of
 * both samples together; anything else is binned by value (the union of both samples' values).
 * Optionally zero shares are replaced as Evidently does ("feel zeroes"): by the smallest non-zero
 * share divided by 10^6 when that is at most 10^-4, else by 10^-4.
 */
final class Binning {
    private Binning() {
    }

    /** {reference shares, current shares}. */
    static double[][] shares(ColumnSample reference, ColumnSample current, int bins, boolean fillZeroes) {
        double[] ref;
        double[] cur;
        if (reference.isNumeric() && reference.distinctUpTo(20) > 20) {
            double[] r = reference.sorted();
            double[] c = current.sorted();
            double min = c.length == 0 ? r[0] : Math.min(r[0], c[0]);
            double max = c.length == 0 ? r[r.length - 1] : Math.max(r[r.length - 1], c[c.length - 1]);
            double[] edges = Histograms.edges(min, max, bins);
            ref = divide(Histograms.counts(r, edges), reference.size());
            cur = divide(Histograms.counts(c, edges), current.size());
        } else {
            Set<String> keys = new LinkedHashSet<>(reference.counts().keySet());
            keys.addAll(current.counts().keySet());
            ref = new double[keys.size()];
            cur = new double[keys.size()];
            int i = 0;
            for (String key : keys) {
                ref[i] = reference.counts().getOrDefault(key, 0L) / (double) reference.size();
                cur[i] = current.counts().getOrDefault(key, 0L) / (double) current.size();
                i++;
            }
        }
        if (fillZeroes) {
            fill(ref);
            fill(cur);
        }
        return new double[][] {ref, cur};
    }

    private static double[] divide(long[] counts, long total) {
        double[] shares = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            shares[i] = counts[i] / (double) total;
        }
        return shares;
    }

    private static void fill(double[] shares) {
        double smallest = Double.POSITIVE_INFINITY;
        for (double s : shares) {
            if (s != 0) {
                smallest = Math.min(smallest, s);
            }
        }
        if (smallest == Double.POSITIVE_INFINITY) {
            return;
        }
        double replacement = smallest <= 0.0001 ? smallest / 1e6 : 0.0001;
        for (int i = 0; i < shares.length; i++) {
            if (shares[i] == 0) {
                shares[i] = replacement;
            }
        }
    }
}
