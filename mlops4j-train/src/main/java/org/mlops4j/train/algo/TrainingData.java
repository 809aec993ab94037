package org.mlops4j.train.algo;

import java.util.List;
import org.mlops4j.train.Task;
import org.mlops4j.train.feature.FeatureMatrix;

/**
 * What an algorithm trains on: transformed features and encoded labels (class index for
 * classification, the value for regression), optionally validation rows for early stopping and the
 * loss history.
 *
 * @param classes       the number of classes (0 for regression)
 * @param featureNames  names of the matrix columns
 * @param validation    null when there are no validation rows
 * @param nthread       XGBoost threads
 */
public record TrainingData(Task task, int classes, List<String> featureNames, FeatureMatrix train, float[] trainLabels,
                           FeatureMatrix validation, float[] validationLabels, long seed, int nthread) {
    public TrainingData {
        featureNames = List.copyOf(featureNames);
        if (train.rows() != trainLabels.length) {
            throw new IllegalArgumentException("train rows and labels differ");
        }
        if (validation != null && validation.rows() != validationLabels.length) {
            throw new IllegalArgumentException("validation rows and labels differ");
        }
    }
}
