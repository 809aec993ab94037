package org.mlops4j.data.drift;

import org.mlops4j.data.ColumnType;

/**
 * Jensen-Shannon <em>distance</em> (the square root of the divergence) between the binned samples:
 * Evidently's {@code jensenshannon}, which calls scipy's {@code spatial.distance.jensenshannon} on
 * the shares of {@link Binning} (30 bins, zero shares kept). The logarithm is natural unless a
 * base is given (base 2 bounds the distance by 1). Default threshold 0.1.
 */
final class JensenShannon implements DriftTest {
    private final int bins;
    private final double base;

    JensenShannon(int bins, double base) {
        this.bins = bins;
        this.base = base;
    }

    @Override
    public String name() {
        return "jensenshannon";
    }

    @Override
    public String displayName() {
        return "Jensen-Shannon distance";
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
        return type == ColumnType.NUMERIC || type == ColumnType.CATEGORICAL || type == ColumnType.BOOLEAN;
    }

    @Override
    public double score(ColumnSample reference, ColumnSample current) {
        if (reference.size() == 0 || current.size() == 0) {
            return Double.NaN;
        }
        double[][] shares = Binning.shares(reference, current, bins, false);
        return distance(shares[0], shares[1], base);
    }

    /** scipy's {@code jensenshannon(p, q, base)}: both normalised to sum 1; NaN base means natural log. */
    static double distance(double[] p, double[] q, double base) {
        double sp = 0;
        double sq = 0;
        for (int i = 0; i < p.length; i++) {
            sp += p[i];
            sq += q[i];
        }
        double divergence = 0;
        for (int i = 0; i < p.length; i++) {
            double a = p[i] / sp;
            double b = q[i] / sq;
            double m = (a + b) / 2;
            divergence += relativeEntropy(a, m) + relativeEntropy(b, m);
        }
        if (!Double.isNaN(base)) {
            divergence /= Math.log(base);
        }
        return Math.sqrt(divergence / 2);
    }

    /** scipy's {@code rel_entr}. */
    static double relativeEntropy(double x, double y) {
        if (x > 0 && y > 0) {
            return x * Math.log(x / y);
        }
        return x == 0 && y >= 0 ? 0 : Double.POSITIVE_INFINITY;
    }
}
