package org.mlops4j.data.schema;

import java.util.ArrayList;
import java.util.List;
import org.mlops4j.data.ColumnType;
import org.mlops4j.data.stats.ColumnStatistics;
import org.mlops4j.data.stats.DatasetStatistics;
import org.mlops4j.data.stats.ValueCount;

/**
 * Infers a schema from statistics with TFDV's conservative heuristics, then some: a column with no
 * missing value is required; a numeric column's range is its observed [min, max] and NaN is allowed
 * only if seen; a categorical column whose distinct values number at most {@code maxDomainSize} (and
 * are all known) gets them as its domain, sorted. The row count is left unconstrained. Review the
 * result: it describes this dataset, not every valid one. Stateless.
 */
public final class SchemaInference {
    /** TFDV's {@code max_string_domain_size}. */
    public static final int DEFAULT_MAX_DOMAIN_SIZE = 100;

    private SchemaInference() {
    }

    public static Schema infer(DatasetStatistics statistics) {
        return infer(statistics, DEFAULT_MAX_DOMAIN_SIZE);
    }

    public static Schema infer(DatasetStatistics statistics, int maxDomainSize) {
        List<ColumnSchema> columns = new ArrayList<>();
        for (ColumnStatistics column : statistics.columns()) {
            columns.add(infer(column, maxDomainSize));
        }
        return Schema.of(columns);
    }

    private static ColumnSchema infer(ColumnStatistics column, int maxDomainSize) {
        boolean required = column.missing() == 0 && column.count() > 0;
        ColumnSchema schema = new ColumnSchema(column.name(), column.type(), required, null, null, null, null, null);
        if (column.type() == ColumnType.NUMERIC && column.numeric() != null) {
            var numeric = column.numeric();
            boolean nan = numeric.nan() + numeric.infinite() > 0;
            return new ColumnSchema(column.name(), column.type(), required, null,
                    numeric.count() > 0 ? numeric.min() : null, numeric.count() > 0 ? numeric.max() : null,
                    nan, null);
        }
        if (column.type() == ColumnType.CATEGORICAL && column.categorical() != null
                && column.categorical().complete() && column.categorical().distinct() <= maxDomainSize
                && column.categorical().distinct() > 0) {
            List<String> domain = column.categorical().topValues().stream().map(ValueCount::value).sorted().toList();
            return schema.withDomain(domain);
        }
        return schema;
    }
}
