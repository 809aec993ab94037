package org.mlops4j.data.validation;

import java.util.ArrayList;
import java.util.List;
import org.mlops4j.data.Column;
import org.mlops4j.data.ColumnType;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.io.Cells;

/**
 * A column read as its schema type: numeric values (for NUMERIC schemas) or text (for the others),
 * with the rows whose value could not be read as that type. Package-private.
 */
final class Coerced {
    final int size;
    final boolean[] present;
    final double[] numbers;
    final String[] texts;
    final long mismatches;
    final List<String> mismatchExamples;

    private Coerced(int size, boolean[] present, double[] numbers, String[] texts, long mismatches,
                    List<String> examples) {
        this.size = size;
        this.present = present;
        this.numbers = numbers;
        this.texts = texts;
        this.mismatches = mismatches;
        this.mismatchExamples = examples;
    }

    static Coerced of(Column column, ColumnType target, int maxExamples) {
        int n = column.size();
        boolean[] present = new boolean[n];
        long bad = 0;
        List<String> examples = new ArrayList<>();
        if (target == ColumnType.NUMERIC) {
            double[] numbers = new double[n];
            NumericColumn numeric = column instanceof NumericColumn c ? c : null;
            for (int i = 0; i < n; i++) {
                if (column.isMissing(i)) {
                    continue;
                }
                if (numeric != null) {
                    numbers[i] = numeric.value(i);
                    present[i] = true;
                    continue;
                }
                String text = column.text(i);
                if (Cells.isNumber(text)) {
                    numbers[i] = Cells.parseNumber(text);
                    present[i] = true;
                } else if (bad++ < maxExamples) {
                    examples.add(example(i, text));
                }
            }
            return new Coerced(n, present, numbers, null, bad, examples);
        }
        String[] texts = new String[n];
        for (int i = 0; i < n; i++) {
            if (column.isMissing(i)) {
                continue;
            }
            String text = column.text(i);
            boolean ok = switch (target) {
                case BOOLEAN -> Cells.parseBoolean(text) != null;
                case TIMESTAMP -> column.type() == ColumnType.TIMESTAMP
                        || Cells.parseTimestamp(text) != Cells.NOT_A_TIMESTAMP;
                default -> true;
            };
            if (ok) {
                texts[i] = text;
                present[i] = true;
            } else if (bad++ < maxExamples) {
                examples.add(example(i, text));
            }
        }
        return new Coerced(n, present, null, texts, bad, examples);
    }

    static String example(int row, String value) {
        return "row " + (row + 1) + ": '" + value + "'";
    }
}
