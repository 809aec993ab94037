package org.mlops4j.data.drift;

import org.mlops4j.data.ColumnType;

/**
 * Population stability index, {@code sum((ref - cur) * ln(ref / cur))} over the shares of
 * {@link Binning} with zero shares filled (Evidently's {@code psi}, 30 bins). Default threshold 0.1.
 */
final class PopulationStabilityIndex implements DriftTest {
    private final int bins;

    PopulationStabilityIndex(int bins) {
        this.bins = bins;
    }

    @Override
    public String name() {
        return "psi";
    }

    @Override
    public String displayName() {
        return "PSI";
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
        double[][] shares = Binning.shares(reference, current, bins, true);
        return index(shares[0], shares[1]);
    }

    static double index(double[] reference, double[] current) {
        double psi = 0;
        for (int i = 0; i < reference.length; i++) {
            psi += (reference[i] - current[i]) * Math.log(reference[i] / current[i]);
        }
        return psi;
    }
}
