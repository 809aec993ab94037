package org.mlops4j.data.stats;

import java.util.List;

/**
 * @param quantiles        probabilities in (0, 1) to report (min and max are always reported)
 * @param histogramBins    equal-width bins of the numeric histogram
 * @param topValues        how many of the most frequent values to report for discrete columns
 * @param exactValueBudget per numeric column, the number of values kept for exact quantiles; beyond
 *                         it quantiles and histogram come from a t-digest sketch
 * @param maxTrackedValues per discrete column, the distinct values counted; beyond it new values
 *                         are no longer told apart and the distinct count is a lower bound
 */
public record StatisticsOptions(List<Double> quantiles, int histogramBins, int topValues, long exactValueBudget,
                                int maxTrackedValues) {
    public StatisticsOptions {
        quantiles = List.copyOf(quantiles);
        for (double q : quantiles) {
            if (!(q > 0 && q < 1)) {
                throw new IllegalArgumentException("quantiles must lie in (0, 1), got " + q);
            }
        }
        if (histogramBins < 1 || topValues < 1 || exactValueBudget < 0 || maxTrackedValues < 1) {
            throw new IllegalArgumentException("histogramBins, topValues and maxTrackedValues must be positive");
        }
    }

    public static StatisticsOptions defaults() {
        return new StatisticsOptions(List.of(0.05, 0.25, 0.5, 0.75, 0.95), 10, 100, 16_000_000, 100_000);
    }

    public StatisticsOptions withExactValueBudget(long budget) {
        return new StatisticsOptions(quantiles, histogramBins, topValues, budget, maxTrackedValues);
    }

    public StatisticsOptions withTopValues(int count) {
        return new StatisticsOptions(quantiles, histogramBins, count, exactValueBudget, maxTrackedValues);
    }
}
