package org.mlops4j.data.drift;

import org.mlops4j.data.ColumnType;

/**
 * Picks a test as Evidently's {@code _get_default_stattest} does, from the column type, the
 * reference sample's size and the number of distinct values in both samples together:
 *
 * <pre>
 * reference &lt;= 1000 values:
 *   numeric, &lt;= 5 distinct   chi-square if &gt; 2 distinct, else z
 *   numeric, &gt; 5 distinct    Kolmogorov-Smirnov
 *   categorical/boolean       chi-square if &gt; 2 distinct, else z
 * reference &gt; 1000 values:
 *   numeric, &lt;= 5 distinct   Jensen-Shannon
 *   numeric, &gt; 5 distinct    Wasserstein (normed)
 *   categorical/boolean       Jensen-Shannon
 * </pre>
 *
 * Text and timestamp columns get no test (Evidently tests text with a domain classifier, which is
 * not implemented here).
 */
public final class DriftTestSelector {
    public static final int SMALL_SAMPLE = 1000;
    public static final int FEW_VALUES = 5;

    private DriftTestSelector() {
    }

    /** The test for the samples, or null when the column's type has none. */
    public static DriftTest select(ColumnType type, ColumnSample reference, ColumnSample current, int bins) {
        if (type == ColumnType.TEXT || type == ColumnType.TIMESTAMP) {
            return null;
        }
        int distinct = ColumnSample.unionDistinctUpTo(reference, current, FEW_VALUES);
        return DriftTests.byName(select(type, reference.size(), distinct), bins);
    }

    /** The chosen test's name for a column of this type, reference size and distinct count. */
    public static String select(ColumnType type, long referenceSize, int distinct) {
        boolean numeric = type == ColumnType.NUMERIC;
        if (referenceSize <= SMALL_SAMPLE) {
            if (numeric && distinct > FEW_VALUES) {
                return "ks";
            }
            return distinct > 2 ? "chisquare" : "z";
        }
        if (numeric && distinct > FEW_VALUES) {
            return "wasserstein";
        }
        return "jensenshannon";
    }
}
