package org.mlops4j.train;

import java.util.BitSet;
import org.mlops4j.data.BooleanColumn;
import org.mlops4j.data.Column;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.StringColumn;
import org.mlops4j.data.TimestampColumn;

/** Row selection on columns (the data module's Table has no row slicing yet). */
final class TableRows {
    private TableRows() {
    }

    static Column take(Column column, int[] rows) {
        BitSet missing = new BitSet();
        for (int i = 0; i < rows.length; i++) {
            if (column.isMissing(rows[i])) {
                missing.set(i);
            }
        }
        return switch (column) {
            case NumericColumn n -> {
                double[] values = new double[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    values[i] = n.value(rows[i]);
                }
                yield new NumericColumn(n.name(), values, missing);
            }
            case StringColumn s -> {
                int[] codes = new int[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    codes[i] = s.code(rows[i]);
                }
                yield new StringColumn(s.name(), s.type(), codes, s.dictionary());
            }
            case BooleanColumn b -> {
                BitSet trues = new BitSet();
                for (int i = 0; i < rows.length; i++) {
                    if (!b.isMissing(rows[i]) && b.value(rows[i])) {
                        trues.set(i);
                    }
                }
                yield new BooleanColumn(b.name(), rows.length, trues, missing);
            }
            case TimestampColumn t -> {
                long[] values = new long[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    values[i] = t.isMissing(rows[i]) ? 0 : t.epochMillis(rows[i]);
                }
                yield new TimestampColumn(t.name(), values, missing);
            }
        };
    }
}
