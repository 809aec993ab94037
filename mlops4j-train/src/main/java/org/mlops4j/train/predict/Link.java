package org.mlops4j.train.predict;

/** How margins become predictions. */
public enum Link {
    /** Binary: probability of the positive class = 1 / (1 + exp(-margin)). */
    LOGISTIC,
    /** Multiclass: probabilities = softmax(margins). */
    SOFTMAX,
    /** Regression: the margin is the prediction. */
    IDENTITY
}
