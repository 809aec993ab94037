package org.mlops4j.train.predict;

import java.util.List;

/**
 * Per-input-column contributions to each row's margin (log-odds for classifiers, the value for
 * regressors): SHAP values from XGBoost (TreeSHAP) for tree models, weight x feature for linear
 * models. Contributions of the features derived from one input column (one-hot columns) are summed,
 * so for each row and output {@code sum(contributions) + bias = margin}.
 *
 * @param features      input column names
 * @param outputs       what each output explains: the positive class, each class, or the value
 * @param contributions [row][output][feature]
 * @param bias          [row][output]: the expected margin part that no feature explains
 */
public record Explanations(List<String> features, List<String> outputs, double[][][] contributions, double[][] bias) {
    public Explanations {
        features = List.copyOf(features);
        outputs = List.copyOf(outputs);
    }

    /** The contribution of a feature to output 0 (the only output of binary and regression models). */
    public double contribution(int row, int feature) {
        return contributions[row][0][feature];
    }

    public int rows() {
        return contributions.length;
    }
}
