package org.mlops4j.data.stats;

import java.util.List;

/**
 * Statistics of a categorical, text or boolean column: the number of distinct values, the most
 * frequent ones (most frequent first, ties by value), and the mean length of the values. When
 * {@code complete} is true, {@code topValues} lists every distinct value.
 */
public record CategoricalStatistics(long distinct, List<ValueCount> topValues, boolean complete,
                                    double averageLength) {
    public CategoricalStatistics {
        topValues = List.copyOf(topValues);
    }
}
