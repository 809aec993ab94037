package org.mlops4j.data.stats;

import org.mlops4j.data.ColumnType;

/**
 * One column's statistics: {@code count} rows of which {@code missing} have no value, plus the
 * numeric part (numeric and timestamp columns) or the categorical part (the others); the other
 * part is null.
 */
public record ColumnStatistics(String name, ColumnType type, long count, long missing, NumericStatistics numeric,
                               CategoricalStatistics categorical) {
    public double missingFraction() {
        return count == 0 ? 0 : missing / (double) count;
    }

    public long present() {
        return count - missing;
    }
}
