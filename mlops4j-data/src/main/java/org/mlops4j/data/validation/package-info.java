/**
 * Validation of a dataset against a {@link org.mlops4j.data.schema.Schema}: a list of
 * {@link org.mlops4j.data.validation.Anomaly anomalies}, each with a stable
 * {@link org.mlops4j.data.validation.AnomalyCode code} and a
 * {@link org.mlops4j.data.validation.Severity severity}. Entry point:
 * {@link org.mlops4j.data.validation.Validator}.
 */
package org.mlops4j.data.validation;
