package org.mlops4j.train.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Metric functions with scikit-learn's definitions (checked against it in tests). Binary functions
 * take labels as 0/1 and scores as the positive class's probability; undefined values (AUC with one
 * class present) are NaN. Stateless.
 */
public final class Metrics {
    /** scikit-learn's log-loss clipping (1.2). */
    public static final double LOG_LOSS_EPS = 1e-15;
    private static final double MAPE_EPS = Math.ulp(1.0);

    private Metrics() {
    }

    /** Area under the ROC curve (the Mann-Whitney statistic with mid-ranks for ties). */
    public static double aucRoc(int[] y, double[] score) {
        int n = y.length;
        Integer[] order = sortedAscending(score);
        double positives = 0;
        double rankSum = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && score[order[j + 1]] == score[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (y[order[k]] == 1) {
                    positives++;
                    rankSum += midRank;
                }
            }
            i = j + 1;
        }
        double negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }

    /** Average precision: sum over thresholds of (recall step) x precision, as sklearn's average_precision_score. */
    public static double averagePrecision(int[] y, double[] score) {
        Curve pr = prCurve(y, score);
        if (pr == null) {
            return Double.NaN;
        }
        double ap = 0;
        for (int i = 1; i < pr.size(); i++) {
            ap += (pr.x()[i] - pr.x()[i - 1]) * pr.y()[i];
        }
        return ap;
    }

    /**
     * The ROC curve at every threshold where it turns (collinear points dropped, as sklearn's
     * drop_intermediate), starting at (0, 0) with threshold +infinity. Null with one class present.
     */
    public static Curve rocCurve(int[] y, double[] score) {
        double[][] counts = cumulativeCounts(y, score);
        double[] fps = counts[0];
        double[] tps = counts[1];
        double[] thresholds = counts[2];
        int m = fps.length;
        double p = m == 0 ? 0 : tps[m - 1];
        double f = m == 0 ? 0 : fps[m - 1];
        if (p == 0 || f == 0) {
            return null;
        }
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            boolean ends = i == 0 || i == m - 1;
            if (ends || fps[i + 1] - 2 * fps[i] + fps[i - 1] != 0 || tps[i + 1] - 2 * tps[i] + tps[i - 1] != 0) {
                keep.add(i);
            }
        }
        int size = keep.size() + 1;
        double[] x = new double[size];
        double[] yy = new double[size];
        double[] t = new double[size];
        t[0] = Double.POSITIVE_INFINITY;
        for (int k = 0; k < keep.size(); k++) {
            int i = keep.get(k);
            x[k + 1] = fps[i] / f;
            yy[k + 1] = tps[i] / p;
            t[k + 1] = thresholds[i];
        }
        return new Curve("roc", "false positive rate", "true positive rate", x, yy, t);
    }

    /**
     * The precision-recall curve by decreasing threshold, starting at recall 0, precision 1, with a
     * point at every distinct score (as scikit-learn 1.2). Null without positives.
     */
    public static Curve prCurve(int[] y, double[] score) {
        double[][] counts = cumulativeCounts(y, score);
        double[] fps = counts[0];
        double[] tps = counts[1];
        int m = fps.length;
        double p = m == 0 ? 0 : tps[m - 1];
        if (p == 0) {
            return null;
        }
        double[] recall = new double[m + 1];
        double[] precision = new double[m + 1];
        double[] t = new double[m + 1];
        precision[0] = 1;
        t[0] = Double.POSITIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            recall[i + 1] = tps[i] / p;
            precision[i + 1] = tps[i] / (tps[i] + fps[i]);
            t[i + 1] = counts[2][i];
        }
        return new Curve("precision_recall", "recall", "precision", recall, precision, t);
    }

    /** False and true positives at each distinct threshold, by decreasing score: {fps, tps, thresholds}. */
    private static double[][] cumulativeCounts(int[] y, double[] score) {
        int n = y.length;
        Integer[] order = sortedAscending(score);
        double[] fps = new double[n];
        double[] tps = new double[n];
        double[] thresholds = new double[n];
        int m = 0;
        double tp = 0;
        double fp = 0;
        for (int k = n - 1; k >= 0; k--) {
            int i = order[k];
            if (y[i] == 1) {
                tp++;
            } else {
                fp++;
            }
            if (k == 0 || score[order[k - 1]] != score[i]) {
                fps[m] = fp;
                tps[m] = tp;
                thresholds[m] = score[i];
                m++;
            }
        }
        return new double[][] {Arrays.copyOf(fps, m), Arrays.copyOf(tps, m), Arrays.copyOf(thresholds, m)};
    }

    private static Integer[] sortedAscending(double[] score) {
        Integer[] order = new Integer[score.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
        return order;
    }

    /** Mean negative log-likelihood of the actual class, probabilities clipped to [eps, 1 - eps]. */
    public static double logLoss(int[] actual, double[][] probabilities) {
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            double[] row = probabilities[i];
            double total = 0;
            for (double v : row) {
                total += clip(v);
            }
            sum -= Math.log(clip(row[actual[i]]) / total);
        }
        return sum / actual.length;
    }

    private static double clip(double p) {
        return Math.min(Math.max(p, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
    }

    /** The predicted class per row: the most probable (ties go to the lower index). */
    public static int[] argmax(double[][] probabilities) {
        int[] out = new int[probabilities.length];
        for (int i = 0; i < out.length; i++) {
            double[] row = probabilities[i];
            int best = 0;
            for (int k = 1; k < row.length; k++) {
                if (row[k] > row[best]) {
                    best = k;
                }
            }
            out[i] = best;
        }
        return out;
    }

    public static long[][] confusion(int[] actual, int[] predicted, int classes) {
        long[][] counts = new long[classes][classes];
        for (int i = 0; i < actual.length; i++) {
            counts[actual[i]][predicted[i]]++;
        }
        return counts;
    }

    public static double accuracy(int[] actual, int[] predicted) {
        long right = 0;
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] == predicted[i]) {
                right++;
            }
        }
        return (double) right / actual.length;
    }

    /** Precision of class k: 0 when nothing was predicted as k (sklearn's zero_division=0). */
    public static double precision(long[][] confusion, int k) {
        long predicted = 0;
        for (long[] row : confusion) {
            predicted += row[k];
        }
        return predicted == 0 ? 0 : (double) confusion[k][k] / predicted;
    }

    /** Recall of class k: 0 when class k never occurs. */
    public static double recall(long[][] confusion, int k) {
        long actual = Arrays.stream(confusion[k]).sum();
        return actual == 0 ? 0 : (double) confusion[k][k] / actual;
    }

    public static double f1(long[][] confusion, int k) {
        double p = precision(confusion, k);
        double r = recall(confusion, k);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public static double rmse(double[] actual, double[] predicted) {
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = actual[i] - predicted[i];
            sum += d * d;
        }
        return Math.sqrt(sum / actual.length);
    }

    public static double mae(double[] actual, double[] predicted) {
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            sum += Math.abs(actual[i] - predicted[i]);
        }
        return sum / actual.length;
    }

    /** Coefficient of determination; NaN when the actual values are constant. */
    public static double r2(double[] actual, double[] predicted) {
        double mean = Arrays.stream(actual).average().orElse(Double.NaN);
        double residual = 0;
        double total = 0;
        for (int i = 0; i < actual.length; i++) {
            residual += (actual[i] - predicted[i]) * (actual[i] - predicted[i]);
            total += (actual[i] - mean) * (actual[i] - mean);
        }
        return total == 0 ? Double.NaN : 1 - residual / total;
    }

    /** Mean absolute percentage error as a fraction: mean(|y - p| / max(|y|, machine epsilon)). */
    public static double mape(double[] actual, double[] predicted) {
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            sum += Math.abs(actual[i] - predicted[i]) / Math.max(Math.abs(actual[i]), MAPE_EPS);
        }
        return sum / actual.length;
    }
}
