package org.mlops4j.data.drift;

import org.mlops4j.data.ColumnType;

/**
 * Wasserstein-1 (earth mover's) distance between the two samples, divided by the reference's
 * standard deviation (population; at least 0.001): Evidently's {@code wasserstein}. The distance
 * itself is scipy's {@code wasserstein_distance(u, v)}: the integral of |U(x) - V(x)| over the
 * empirical distribution functions. Default threshold 0.1.
 */
final class Wasserstein implements DriftTest {
    @Override
    public String name() {
        return "wasserstein";
    }

    @Override
    public String displayName() {
        return "Wasserstein distance (normed)";
    }

    @Override
    public ScoreKind scoreKind() {
        return ScoreKind.DISTANCE;
    }

    @Override
    public double defaultThreshold() {
        return 0.1;
    }

    @Override
    public boolean supports(ColumnType type) {
        return type == ColumnType.NUMERIC;
    }

    @Override
    public double score(ColumnSample reference, ColumnSample current) {
        double[] u = reference.sorted();
        double[] v = current.sorted();
        if (u.length == 0 || v.length == 0) {
            return Double.NaN;
        }
        return distance(u, v) / Math.max(std(u), 0.001);
    }

    /** The Wasserstein-1 distance between two sorted, non-empty samples, in one merge. */
    static double distance(double[] u, double[] v) {
        int n = u.length;
        int m = v.length;
        int i = 0;
        int j = 0;
        double total = 0;
        double x = Math.min(u[0], v[0]);
        while (i < n || j < m) {
            while (i < n && u[i] <= x) {
                i++;
            }
            while (j < m && v[j] <= x) {
                j++;
            }
            if (i == n && j == m) {
                break;
            }
            double next = i == n ? v[j] : j == m ? u[i] : Math.min(u[i], v[j]);
            total += Math.abs(i / (double) n - j / (double) m) * (next - x);
            x = next;
        }
        return total;
    }

    /** Population standard deviation (two passes). */
    static double std(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / values.length;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / values.length);
    }
}
