package org.mlops4j.data.drift;

import java.util.List;
import java.util.Map;

/**
 * How to compare two datasets.
 *
 * @param driftShare       the dataset drifts when the share of drifted columns reaches this (Evidently: 0.5)
 * @param test             a test name for every column, or null to choose per column automatically
 * @param columnTests      test names for particular columns (win over {@code test})
 * @param threshold        a threshold for every column, or null for each test's default
 * @param columnThresholds thresholds for particular columns (win over {@code threshold})
 * @param bins             bins for Jensen-Shannon and PSI on numeric columns
 * @param columns          the columns to compare, or null for all columns of the reference
 */
public record DriftOptions(double driftShare, String test, Map<String, String> columnTests, Double threshold,
                           Map<String, Double> columnThresholds, int bins, List<String> columns) {
    public DriftOptions {
        columnTests = Map.copyOf(columnTests);
        columnThresholds = Map.copyOf(columnThresholds);
        columns = columns == null ? null : List.copyOf(columns);
        if (!(driftShare > 0 && driftShare <= 1)) {
            throw new IllegalArgumentException("driftShare must lie in (0, 1], got " + driftShare);
        }
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be positive");
        }
    }

    public static DriftOptions defaults() {
        return new DriftOptions(0.5, null, Map.of(), null, Map.of(), DriftTests.DEFAULT_BINS, null);
    }

    public DriftOptions withDriftShare(double value) {
        return new DriftOptions(value, test, columnTests, threshold, columnThresholds, bins, columns);
    }

    public DriftOptions withTest(String value) {
        return new DriftOptions(driftShare, value, columnTests, threshold, columnThresholds, bins, columns);
    }

    public DriftOptions withThreshold(Double value) {
        return new DriftOptions(driftShare, test, columnTests, value, columnThresholds, bins, columns);
    }

    public DriftOptions withColumnTest(String column, String testName) {
        Map<String, String> next = new java.util.HashMap<>(columnTests);
        next.put(column, testName);
        return new DriftOptions(driftShare, test, next, threshold, columnThresholds, bins, columns);
    }

    public DriftOptions withColumns(List<String> value) {
        return new DriftOptions(driftShare, test, columnTests, threshold, columnThresholds, bins, value);
    }
}
