package org.mlops4j.data.drift;

import org.mlops4j.data.ColumnType;

/**
 * One column's comparison: which test ran ({@code autoSelected} when chosen by
 * {@link DriftTestSelector}), its score against the threshold, and the two distributions on the
 * same bins for charts.
 */
public record ColumnDrift(String column, ColumnType type, String test, String testDisplayName, boolean autoSelected,
                          ScoreKind scoreKind, double score, double threshold, boolean drifted, long referenceSize,
                          long currentSize, Distribution reference, Distribution current) {
}
