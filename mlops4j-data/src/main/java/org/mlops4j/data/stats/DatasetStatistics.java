package org.mlops4j.data.stats;

import java.util.List;
import java.util.Optional;

/** Statistics of every column of a dataset, in column order. */
public record DatasetStatistics(long rowCount, List<ColumnStatistics> columns) {
    public DatasetStatistics {
        columns = List.copyOf(columns);
    }

    public Optional<ColumnStatistics> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
