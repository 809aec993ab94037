package org.mlops4j.data.drift;

import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.mlops4j.data.ColumnType;

/**
 * Pearson's chi-squared goodness of fit of the current value counts to the reference ones scaled
 * to the current size (Evidently's {@code chisquare}: scipy's {@code chisquare(f_obs, f_exp)}).
 * A value absent from the reference gives an infinite statistic (p = 0). Default threshold 0.05.
 */
final class ChiSquare implements DriftTest {
    @Override
    public String name() {
        return "chisquare";
    }

    @Override
    public String displayName() {
        return "chi-square p-value";
    }

    @Override
    public ScoreKind scoreKind() {
        return ScoreKind.P_VALUE;
    }

    @Override
    public double defaultThreshold() {
        return 0.05;
    }

    @Override
    public boolean supports(ColumnType type) {
        return type == ColumnType.CATEGORICAL || type == ColumnType.BOOLEAN || type == ColumnType.NUMERIC;
    }

    @Override
    public double score(ColumnSample reference, ColumnSample current) {
        return test(reference, current)[1];
    }

    /** {statistic, p-value}. */
    static double[] test(ColumnSample reference, ColumnSample current) {
        Set<String> keys = new LinkedHashSet<>(reference.counts().keySet());
        keys.addAll(current.counts().keySet());
        if (keys.size() < 2 || reference.size() == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double scale = current.size() / (double) reference.size();
        double statistic = 0;
        for (String key : keys) {
            double expected = reference.counts().getOrDefault(key, 0L) * scale;
            double observed = current.counts().getOrDefault(key, 0L);
            double d = observed - expected;
            statistic += d * d / expected;
        }
        double p = Double.isInfinite(statistic) ? 0
                : ChiSquaredDistribution.of(keys.size() - 1).survivalProbability(statistic);
        return new double[] {statistic, p};
    }
}
