/**
 * Comparison of two datasets: training against serving data (skew) or a previous window against
 * the current one (drift). One small class per statistical test, a
 * {@link org.mlops4j.data.drift.DriftTests registry} by name, a
 * {@link org.mlops4j.data.drift.DriftTestSelector selector} that picks a test by column type,
 * sample size and number of distinct values as Evidently's {@code _get_default_stattest} does, and
 * {@link org.mlops4j.data.drift.DriftDetector} which compares every column and declares dataset
 * drift when the share of drifted columns reaches a threshold. Results record which test was used
 * and whether it was chosen automatically. Monitoring reuses this package.
 */
package org.mlops4j.data.drift;
