package org.mlops4j.train.eval;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mlops4j.train.Task;

/** Computes an {@link Evaluation} from actual labels and predictions. Stateless. */
public final class Evaluator {
    /** Metrics where smaller is better; every other metric is better when larger. */
    public static final Set<String> LOWER_IS_BETTER = Set.of("log_loss", "rmse", "mae", "mape", "loss");
    public static final List<String> CLASSIFICATION_METRICS = List.of("auc_roc", "auc_pr", "accuracy", "precision",
            "recall", "f1", "log_loss");
    public static final List<String> REGRESSION_METRICS = List.of("rmse", "mae", "r2", "mape");

    private Evaluator() {
    }

    /** The metric names a task produces. */
    public static List<String> metricNames(Task task) {
        return task.isClassification() ? CLASSIFICATION_METRICS : REGRESSION_METRICS;
    }

    public static boolean greaterIsBetter(String metric) {
        String base = metric.replaceFirst("^(train|validation|test|cv)_", "").replaceFirst("_(mean|std)$", "");
        return !LOWER_IS_BETTER.contains(base);
    }

    /**
     * @param actual        class index per row (into {@code classes})
     * @param probabilities one row per example, one column per class
     */
    public static Evaluation classification(List<String> classes, int[] actual, double[][] probabilities) {
        if (actual.length == 0) {
            throw new IllegalArgumentException("nothing to evaluate: no rows");
        }
        int k = classes.size();
        int[] predicted = Metrics.argmax(probabilities);
        long[][] confusion = Metrics.confusion(actual, predicted, k);
        Map<String, Double> metrics = new TreeMap<>();
        metrics.put("accuracy", Metrics.accuracy(actual, predicted));
        metrics.put("log_loss", Metrics.logLoss(actual, probabilities));
        Curve roc = null;
        Curve pr = null;
        if (k == 2) {
            double[] score = column(probabilities, 1);
            metrics.put("auc_roc", Metrics.aucRoc(actual, score));
            metrics.put("auc_pr", Metrics.averagePrecision(actual, score));
            metrics.put("precision", Metrics.precision(confusion, 1));
            metrics.put("recall", Metrics.recall(confusion, 1));
            metrics.put("f1", Metrics.f1(confusion, 1));
            roc = Metrics.rocCurve(actual, score);
            pr = Metrics.prCurve(actual, score);
        } else {
            double auc = 0;
            double ap = 0;
            double precision = 0;
            double recall = 0;
            double f1 = 0;
            for (int c = 0; c < k; c++) {
                int[] oneVsRest = new int[actual.length];
                for (int i = 0; i < actual.length; i++) {
                    oneVsRest[i] = actual[i] == c ? 1 : 0;
                }
                double[] score = column(probabilities, c);
                auc += Metrics.aucRoc(oneVsRest, score);
                ap += Metrics.averagePrecision(oneVsRest, score);
                precision += Metrics.precision(confusion, c);
                recall += Metrics.recall(confusion, c);
                f1 += Metrics.f1(confusion, c);
            }
            metrics.put("auc_roc", auc / k);
            metrics.put("auc_pr", ap / k);
            metrics.put("precision", precision / k);
            metrics.put("recall", recall / k);
            metrics.put("f1", f1 / k);
        }
        Task task = k == 2 ? Task.BINARY : Task.MULTICLASS;
        return new Evaluation(task, actual.length, metrics, new ConfusionMatrix(classes, confusion), roc, pr);
    }

    public static Evaluation regression(double[] actual, double[] predicted) {
        if (actual.length == 0) {
            throw new IllegalArgumentException("nothing to evaluate: no rows");
        }
        Map<String, Double> metrics = new TreeMap<>();
        metrics.put("rmse", Metrics.rmse(actual, predicted));
        metrics.put("mae", Metrics.mae(actual, predicted));
        metrics.put("r2", Metrics.r2(actual, predicted));
        metrics.put("mape", Metrics.mape(actual, predicted));
        return new Evaluation(Task.REGRESSION, actual.length, metrics, null, null, null);
    }

    private static double[] column(double[][] rows, int k) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i][k];
        }
        return out;
    }
}
