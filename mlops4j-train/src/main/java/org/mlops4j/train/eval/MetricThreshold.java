package org.mlops4j.train.eval;

import org.mlops4j.core.MlopsException;

/**
 * A pass criterion for one metric, as mlflow.evaluate's MetricThreshold. Each part is optional (null).
 *
 * @param metric             a logged metric name, e.g. {@code test_auc_roc}
 * @param threshold          the candidate's value must be at least this (at most, when lower is better)
 * @param minAbsoluteChange  the candidate must beat the baseline by at least this much
 * @param minRelativeChange  the candidate must beat the baseline by at least this fraction of the baseline
 * @param greaterIsBetter    direction; defaults from the metric's name ({@link Evaluator#greaterIsBetter})
 */
public record MetricThreshold(String metric, Double threshold, Double minAbsoluteChange, Double minRelativeChange,
                              boolean greaterIsBetter) {
    public MetricThreshold {
        if (metric == null || metric.isBlank()) {
            throw MlopsException.invalidParameter("A metric threshold needs a metric name");
        }
        if (threshold == null && minAbsoluteChange == null && minRelativeChange == null) {
            throw MlopsException.invalidParameter("Threshold for '%s' sets none of threshold, min_absolute_change, "
                    + "min_relative_change", metric);
        }
        if (minAbsoluteChange != null && minAbsoluteChange < 0 || minRelativeChange != null && minRelativeChange < 0) {
            throw MlopsException.invalidParameter("Threshold for '%s': changes must not be negative", metric);
        }
    }

    public static MetricThreshold of(String metric, Double threshold, Double minAbsoluteChange, Double minRelativeChange) {
        return new MetricThreshold(metric, threshold, minAbsoluteChange, minRelativeChange,
                Evaluator.greaterIsBetter(metric));
    }
}
