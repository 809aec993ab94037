package org.mlops4j.train.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mlops4j.train.eval.ValidationResult.Check;

/**
 * Decides whether a candidate model may replace the current one, as mlflow.evaluate's validation:
 * every metric must meet its absolute threshold, and beat the baseline (the champion, evaluated on
 * the same data) by the required absolute and relative margins. Without a baseline (the first
 * model) only absolute thresholds apply; the result says so. Stateless.
 */
public final class ModelValidator {
    private ModelValidator() {
    }

    /**
     * @param candidate metrics of the candidate
     * @param baseline  metrics of the baseline, or null when there is none
     */
    public static ValidationResult validate(Map<String, Double> candidate, Map<String, Double> baseline,
                                            String baselineName, List<MetricThreshold> thresholds) {
        List<Check> checks = new ArrayList<>();
        for (MetricThreshold t : thresholds) {
            Double value = candidate.get(t.metric());
            if (value == null || value.isNaN()) {
                checks.add(new Check(t.metric(), "present", Double.NaN, null, null, false,
                        "the candidate has no value for '" + t.metric() + "' (have " + candidate.keySet() + ")"));
                continue;
            }
            String better = t.greaterIsBetter() ? ">=" : "<=";
            if (t.threshold() != null) {
                boolean ok = t.greaterIsBetter() ? value >= t.threshold() : value <= t.threshold();
                checks.add(new Check(t.metric(), "threshold", value, null, t.threshold(), ok,
                        t.metric() + " = " + value + (ok ? " meets " : " fails ") + better + " " + t.threshold()));
            }
            if (t.minAbsoluteChange() == null && t.minRelativeChange() == null) {
                continue;
            }
            if (baseline == null) {
                checks.add(new Check(t.metric(), "change", value, null, null, true,
                        "no baseline (first model): change criteria for '" + t.metric() + "' not applied"));
                continue;
            }
            Double base = baseline.get(t.metric());
            if (base == null || base.isNaN()) {
                checks.add(new Check(t.metric(), "change", value, null, null, false,
                        "the baseline has no value for '" + t.metric() + "' to compare with"));
                continue;
            }
            double gain = t.greaterIsBetter() ? value - base : base - value;
            if (t.minAbsoluteChange() != null) {
                double required = t.minAbsoluteChange();
                boolean ok = gain >= required;
                checks.add(new Check(t.metric(), "min_absolute_change", value, base, required, ok,
                        t.metric() + " improves on the baseline by " + gain + (ok ? ", at least " : ", less than ")
                                + required));
            }
            if (t.minRelativeChange() != null) {
                double required = t.minRelativeChange();
                double relative = base == 0 ? (gain > 0 ? Double.POSITIVE_INFINITY : 0) : gain / Math.abs(base);
                boolean ok = relative >= required;
                checks.add(new Check(t.metric(), "min_relative_change", value, base, required, ok,
                        t.metric() + " improves on the baseline by " + relative + " of it" + (ok ? ", at least " : ", less than ")
                                + required));
            }
        }
        boolean passed = checks.stream().allMatch(Check::passed);
        return new ValidationResult(passed, checks, baselineName);
    }
}
