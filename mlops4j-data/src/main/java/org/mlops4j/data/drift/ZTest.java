package org.mlops4j.data.drift;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.mlops4j.data.ColumnType;
import org.mlops4j.data.io.Cells;

/**
 * Two-proportion z-test for binary columns (Evidently's {@code z}): the share of values other than
 * the smallest value (numbers ordered numerically, strings lexicographically) in each sample,
 * pooled standard error, two-sided p-value {@code 2 (1 - Phi(|z|))}. Both samples holding the same
 * single value give p = 1. Default threshold 0.05.
 */
final class ZTest implements DriftTest {
    private static final NormalDistribution STANDARD = NormalDistribution.of(0, 1);

    @Override
    public String name() {
        return "z";
    }

    @Override
    public String displayName() {
        return "Z-test p-value";
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

    /** {z statistic, p-value}. */
    static double[] test(ColumnSample reference, ColumnSample current) {
        if (reference.size() == 0 || current.size() == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        if (reference.counts().size() == 1 && current.counts().size() == 1
                && reference.counts().keySet().equals(current.counts().keySet())) {
            return new double[] {0, 1};
        }
        Set<String> union = new LinkedHashSet<>(reference.counts().keySet());
        union.addAll(current.counts().keySet());
        List<String> keys = new ArrayList<>(union);
        keys.sort(reference.isNumeric() ? Comparator.comparingDouble(Cells::parseNumber) : Comparator.naturalOrder());
        String first = keys.get(0);
        double n1 = reference.size();
        double n2 = current.size();
        double p1 = (n1 - reference.counts().getOrDefault(first, 0L)) / n1;
        double p2 = (n2 - current.counts().getOrDefault(first, 0L)) / n2;
        double pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
        double z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
        return new double[] {z, 2 * STANDARD.survivalProbability(Math.abs(z))};
    }
}
