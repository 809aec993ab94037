package org.mlops4j.train.eval;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.mlops4j.train.Task;

/**
 * The result of evaluating predictions against actual labels: metrics by name and, for
 * classification, the confusion matrix; ROC and PR curves for binary tasks. Immutable.
 *
 * @param metrics classification: auc_roc, auc_pr, accuracy, precision, recall, f1, log_loss
 *                (multiclass: one-vs-rest macro AUCs, macro precision/recall/F1); regression: rmse,
 *                mae, r2, mape
 */
public record Evaluation(Task task, int rows, Map<String, Double> metrics, ConfusionMatrix confusion, Curve roc,
                         Curve pr) {
    public Evaluation {
        metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
    }

    public double metric(String name) {
        Double value = metrics.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no metric '" + name + "' (have " + metrics.keySet() + ")");
        }
        return value;
    }

    public Optional<ConfusionMatrix> confusionMatrix() {
        return Optional.ofNullable(confusion);
    }

    /** Metrics with a prefix, e.g. {@code test_auc_roc}. */
    public Map<String, Double> prefixed(String prefix) {
        Map<String, Double> out = new TreeMap<>();
        metrics.forEach((k, v) -> out.put(prefix + "_" + k, v));
        return out;
    }
}
