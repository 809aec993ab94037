package org.mlops4j.data.drift;

import java.util.List;

/**
 * The comparison of two datasets: per-column results, the columns not compared, and the verdict:
 * {@code datasetDrift} when {@code driftedColumns / columns.size()} reaches {@code driftShare}.
 */
public record DatasetDrift(List<ColumnDrift> columns, List<SkippedColumn> skipped, int driftedColumns,
                           double driftedShare, double driftShare, boolean datasetDrift, long referenceRows,
                           long currentRows) {
    public DatasetDrift {
        columns = List.copyOf(columns);
        skipped = List.copyOf(skipped);
    }
}
