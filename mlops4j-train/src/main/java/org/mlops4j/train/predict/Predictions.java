package org.mlops4j.train.predict;

import java.util.List;
import org.mlops4j.train.Task;

/**
 * Predictions for a batch of rows. Classifiers fill {@code probabilities} (one row per example, one
 * column per class in {@code classes} order); regressors fill {@code values}. The arrays are shared:
 * treat them as read-only.
 */
public record Predictions(Task task, List<String> classes, double[][] probabilities, double[] values) {
    public Predictions {
        classes = List.copyOf(classes);
    }

    public int size() {
        return task.isClassification() ? probabilities.length : values.length;
    }

    /** The predicted class's index: the most probable (ties go to the lower index). */
    public int classIndex(int row) {
        double[] p = probabilities[row];
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }

    /** The predicted class (classification). */
    public String label(int row) {
        return classes.get(classIndex(row));
    }

    public double probability(int row, int classIndex) {
        return probabilities[row][classIndex];
    }

    /** The predicted value (regression). */
    public double value(int row) {
        return values[row];
    }

    /** The probability of class 1 (the positive class of a binary model) for every row. */
    public double[] positiveProbabilities() {
        double[] out = new double[probabilities.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = probabilities[i][1];
        }
        return out;
    }
}
