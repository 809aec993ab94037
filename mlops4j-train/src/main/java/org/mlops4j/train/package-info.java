/**
 * Training: {@link org.mlops4j.train.Trainer} turns a dataset and a {@link org.mlops4j.train.TrainConfig}
 * (Java records, or train.yaml through {@link org.mlops4j.train.TrainConfigReader}) into a tracked,
 * reproducible {@link org.mlops4j.train.TrainingResult} with a model bundle. Tracking goes through
 * {@link org.mlops4j.train.RunRecorder}, implemented by the tracking module, so this module does not
 * depend on it.
 *
 * <p>Sub-packages: {@code feature} (the fitted feature pipeline), {@code algo} (XGBoost-backed
 * algorithms), {@code eval} (metrics, curves, charts, thresholds), {@code tune} (grid, random, TPE),
 * {@code bundle} (the model bundle format) and {@code predict} (the Predictor).
 */
package org.mlops4j.train;
