package org.mlops4j.data.drift;

import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.apache.commons.statistics.inference.PValueMethod;
import org.mlops4j.data.ColumnType;

/**
 * Two-sample Kolmogorov-Smirnov test (p-value), two-sided, for numeric columns. As scipy's
 * {@code ks_2samp(method="auto")}: the exact p-value when both samples have at most 10,000
 * values, else the asymptotic one (the one-sample distribution at n = round(nm / (n + m))).
 * Computed by Apache Commons Statistics. Default threshold 0.05.
 */
final class KolmogorovSmirnov implements DriftTest {
    static final int EXACT_LIMIT = 10_000;

    @Override
    public String name() {
        return "ks";
    }

    @Override
    public String displayName() {
        return "Kolmogorov-Smirnov p-value";
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
        return type == ColumnType.NUMERIC;
    }

    @Override
    public double score(ColumnSample reference, ColumnSample current) {
        return test(reference.sorted(), current.sorted())[1];
    }

    /** {statistic D, p-value}. */
    static double[] test(double[] x, double[] y) {
        if (x.length < 2 || y.length < 2) {
            return new double[] {Double.NaN, Double.NaN};
        }
        PValueMethod method = Math.max(x.length, y.length) <= EXACT_LIMIT ? PValueMethod.EXACT
                : PValueMethod.ASYMPTOTIC;
        var result = KolmogorovSmirnovTest.withDefaults().with(method).test(x, y);
        return new double[] {result.getStatistic(), result.getPValue()};
    }
}
