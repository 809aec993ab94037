/**
 * Prediction: {@link org.mlops4j.train.predict.Predictor} applies a bundle's fitted feature
 * pipeline and model to tables or single rows. Tree ensembles are evaluated by a pure-Java
 * evaluator that reads XGBoost's JSON model ({@link org.mlops4j.train.predict.MarginModel}), so
 * one-row predictions cost microseconds instead of a JNI call and a native matrix; the trainer
 * checks it against XGBoost's own predictions on every model it trains. Per-feature contributions
 * (SHAP) for trees come from XGBoost itself.
 */
package org.mlops4j.train.predict;
