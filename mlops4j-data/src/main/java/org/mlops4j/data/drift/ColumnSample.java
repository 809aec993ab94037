package org.mlops4j.data.drift;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.mlops4j.data.Column;
import org.mlops4j.data.ColumnType;
import org.mlops4j.data.DoubleSort;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.StringColumn;

/**
 * A column's values as the drift tests see them: missing, NaN and infinite values dropped (as
 * Evidently does); numeric columns as sorted doubles (shared with the column), discrete columns as value
 * counts. Thread-safe once built.
 */
public final class ColumnSample {
    private final boolean numeric;
    private final double[] sorted;
    private volatile Map<String, Long> counts;
    private final long size;

    private ColumnSample(boolean numeric, double[] sorted, Map<String, Long> counts, long size) {
        this.numeric = numeric;
        this.sorted = sorted;
        this.counts = counts;
        this.size = size;
    }

    /** A sample of a numeric, categorical or boolean column (text and timestamps are not tested). */
    public static ColumnSample of(Column column) {
        if (column instanceof NumericColumn c) {
            double[] sorted = c.sortedFiniteValues();
            return new ColumnSample(true, sorted, null, sorted.length);
        }
        if (column.type() == ColumnType.TEXT || column.type() == ColumnType.TIMESTAMP) {
            throw new IllegalArgumentException(column.type() + " columns have no drift sample");
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        long size = 0;
        if (column instanceof StringColumn strings) {
            long[] byCode = new long[strings.dictionary().size()];
            for (int code : strings.rawCodes()) {
                if (code >= 0) {
                    byCode[code]++;
                }
            }
            for (int code = 0; code < byCode.length; code++) {
                if (byCode[code] > 0) {
                    counts.merge(strings.dictionary().get(code), byCode[code], Long::sum);
                    size += byCode[code];
                }
            }
        } else {
            for (int i = 0; i < column.size(); i++) {
                if (!column.isMissing(i)) {
                    counts.merge(column.text(i), 1L, Long::sum);
                    size++;
                }
            }
        }
        return new ColumnSample(false, null, Collections.unmodifiableMap(counts), size);
    }

    /** A numeric sample of finite values (the array is copied and sorted). */
    public static ColumnSample numeric(double... values) {
        double[] sorted = values.clone();
        DoubleSort.sort(sorted, sorted.length);
        return new ColumnSample(true, sorted, null, values.length);
    }

    /** A discrete sample of the given values. */
    public static ColumnSample categorical(String... values) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String v : values) {
            counts.merge(v, 1L, Long::sum);
        }
        return new ColumnSample(false, null, Collections.unmodifiableMap(counts), values.length);
    }

    public boolean isNumeric() {
        return numeric;
    }

    public long size() {
        return size;
    }

    /** Numeric samples: the values in ascending order (shared with the column: do not modify). */
    public double[] sorted() {
        return sorted;
    }

    /** Value counts; for numeric samples keyed by the value's text ("3", "0.5"). */
    public Map<String, Long> counts() {
        Map<String, Long> c = counts;
        if (c == null) {
            Map<String, Long> built = new LinkedHashMap<>();
            for (double v : sorted()) {
                built.merge(NumericColumn.format(v), 1L, Long::sum);
            }
            c = Collections.unmodifiableMap(built);
            counts = c;
        }
        return c;
    }

    /** Distinct values, counting at most up to {@code limit + 1}. */
    public int distinctUpTo(int limit) {
        return unionDistinctUpTo(this, null, limit);
    }

    /** Distinct values of both samples together, counting at most up to {@code limit + 1}. */
    static int unionDistinctUpTo(ColumnSample a, ColumnSample b, int limit) {
        if (!a.numeric) {
            Set<String> keys = new HashSet<>(a.counts().keySet());
            if (b != null) {
                keys.addAll(b.counts().keySet());
            }
            return keys.size();
        }
        int distinct = countDistinct(a.sorted, limit);
        if (b == null || distinct > limit) {
            return distinct;
        }
        return mergedDistinct(a.sorted, b.sorted, limit);
    }

    private static int countDistinct(double[] sorted, int limit) {
        int distinct = 0;
        for (int i = 0; i < sorted.length && distinct <= limit; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                distinct++;
            }
        }
        return distinct;
    }

    private static int mergedDistinct(double[] x, double[] y, int limit) {
        int i = 0;
        int j = 0;
        int distinct = 0;
        double last = Double.NaN;
        while ((i < x.length || j < y.length) && distinct <= limit) {
            double v = j == y.length || (i < x.length && x[i] <= y[j]) ? x[i++] : y[j++];
            if (distinct == 0 || v != last) {
                distinct++;
                last = v;
            }
        }
        return distinct;
    }
}
