/**
 * Evaluation: {@link org.mlops4j.train.eval.Metrics} (AUC-ROC, AUC-PR, accuracy, precision, recall,
 * F1, log loss, confusion matrix, ROC and PR curves; RMSE, MAE, R2, MAPE) with scikit-learn's
 * definitions, {@link org.mlops4j.train.eval.Evaluator} producing an immutable
 * {@link org.mlops4j.train.eval.Evaluation}, SVG {@link org.mlops4j.train.eval.Charts}, and
 * {@link org.mlops4j.train.eval.ModelValidator}, which passes a candidate only when its metrics meet
 * absolute thresholds and beat a baseline (the champion) by a margin, as mlflow.evaluate does.
 */
package org.mlops4j.train.eval;
