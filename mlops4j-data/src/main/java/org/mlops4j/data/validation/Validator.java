package org.mlops4j.data.validation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mlops4j.data.Column;
import org.mlops4j.data.ColumnType;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.Table;
import org.mlops4j.data.schema.ColumnSchema;
import org.mlops4j.data.schema.RowCountRange;
import org.mlops4j.data.schema.Schema;

/**
 * Checks a table against a schema, column by column, and lists every anomaly found (it never stops
 * at the first). Values that cannot be read as the schema's type are reported once, as
 * TYPE_MISMATCH, and left out of the other checks. Stateless and thread-safe.
 */
public final class Validator {
    private Validator() {
    }

    public static ValidationReport validate(Table table, Schema schema) {
        return validate(table, schema, ValidationOptions.defaults());
    }

    public static ValidationReport validate(Table table, Schema schema, ValidationOptions options) {
        List<Anomaly> anomalies = new ArrayList<>();
        for (ColumnSchema expected : schema.columns()) {
            Column column = table.find(expected.name()).orElse(null);
            if (column == null) {
                Severity severity = expected.required() ? Severity.ERROR : Severity.WARNING;
                anomalies.add(new Anomaly(AnomalyCode.MISSING_COLUMN, severity, expected.name(),
                        "Column '%s' (%s, %s) is not in the data".formatted(expected.name(), expected.type(),
                                expected.required() ? "required" : "optional"), table.rowCount(), List.of()));
            } else {
                checkColumn(column, expected, options, anomalies);
            }
        }
        Set<String> known = new HashSet<>();
        schema.columns().forEach(c -> known.add(c.name()));
        for (Column column : table.columns()) {
            if (!known.contains(column.name())) {
                anomalies.add(anomaly(AnomalyCode.NEW_COLUMN, column.name(),
                        "Column '%s' (%s) is not in the schema".formatted(column.name(), column.type()), 0, List.of()));
            }
        }
        checkRowCount(table.rowCount(), schema.rows(), options, anomalies);
        return new ValidationReport(table.rowCount(), anomalies);
    }

    private static void checkColumn(Column column, ColumnSchema expected, ValidationOptions options,
                                    List<Anomaly> anomalies) {
        String name = column.name();
        Coerced values = Coerced.of(column, expected.type(), options.maxExamples());
        if (values.mismatches > 0) {
            anomalies.add(anomaly(AnomalyCode.TYPE_MISMATCH, name,
                    "%d value(s) of column '%s' cannot be read as %s (the data has it as %s)".formatted(
                            values.mismatches, name, expected.type(), column.type()),
                    values.mismatches, values.mismatchExamples));
        }
        long missing = column.missingCount();
        if (expected.required() && missing > 0) {
            anomalies.add(anomaly(AnomalyCode.TOO_MANY_MISSING, name,
                    "Required column '%s' has %d missing value(s)".formatted(name, missing), missing,
                    missingExamples(column, options.maxExamples())));
        } else if (!expected.required() && expected.maxMissingFraction() != null && column.size() > 0
                && missing / (double) column.size() > expected.maxMissingFraction()) {
            anomalies.add(anomaly(AnomalyCode.TOO_MANY_MISSING, name,
                    "Column '%s' is missing in %.2f%% of rows; at most %.2f%% allowed".formatted(name,
                            100.0 * missing / column.size(), 100 * expected.maxMissingFraction()), missing,
                    missingExamples(column, options.maxExamples())));
        }
        if (expected.type() == ColumnType.NUMERIC) {
            checkNumbers(values, expected, options, anomalies);
        } else if (expected.type() == ColumnType.CATEGORICAL && expected.domain() != null) {
            checkDomain(values, expected, options, anomalies);
        }
    }

    private static void checkNumbers(Coerced values, ColumnSchema expected, ValidationOptions options,
                                     List<Anomaly> anomalies) {
        long nonFinite = 0;
        long outside = 0;
        List<String> nanExamples = new ArrayList<>();
        List<String> rangeExamples = new ArrayList<>();
        double min = expected.min() == null ? Double.NEGATIVE_INFINITY : expected.min();
        double max = expected.max() == null ? Double.POSITIVE_INFINITY : expected.max();
        for (int i = 0; i < values.size; i++) {
            if (!values.present[i]) {
                continue;
            }
            double v = values.numbers[i];
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                if (!expected.nanAllowed() && nonFinite++ < options.maxExamples()) {
                    nanExamples.add(Coerced.example(i, NumericColumn.format(v)));
                }
            } else if ((v < min || v > max) && outside++ < options.maxExamples()) {
                rangeExamples.add(Coerced.example(i, NumericColumn.format(v)));
            }
        }
        String name = expected.name();
        if (nonFinite > 0) {
            anomalies.add(anomaly(AnomalyCode.NAN_OR_INF, name,
                    "Column '%s' has %d NaN or infinite value(s)".formatted(name, nonFinite), nonFinite, nanExamples));
        }
        if (outside > 0) {
            anomalies.add(anomaly(AnomalyCode.OUT_OF_RANGE, name,
                    "Column '%s' has %d value(s) outside [%s, %s]".formatted(name, outside,
                            bound(expected.min()), bound(expected.max())), outside, rangeExamples));
        }
    }

    private static String bound(Double value) {
        return value == null ? "unbounded" : NumericColumn.format(value);
    }

    private static void checkDomain(Coerced values, ColumnSchema expected, ValidationOptions options,
                                    List<Anomaly> anomalies) {
        Set<String> domain = new HashSet<>(expected.domain());
        Map<String, Integer> unexpected = new LinkedHashMap<>();
        long count = 0;
        List<String> examples = new ArrayList<>();
        for (int i = 0; i < values.size; i++) {
            String text = values.texts[i];
            if (values.present[i] && !domain.contains(text)) {
                count++;
                if (unexpected.merge(text, 1, Integer::sum) == 1 && examples.size() < options.maxExamples()) {
                    examples.add(Coerced.example(i, text));
                }
            }
        }
        if (count > 0) {
            anomalies.add(anomaly(AnomalyCode.UNEXPECTED_CATEGORY, expected.name(),
                    "Column '%s' has %d value(s) outside its domain: %s".formatted(expected.name(), count,
                            unexpected.keySet().stream().limit(10).toList()), count, examples));
        }
    }

    private static List<String> missingExamples(Column column, int max) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < column.size() && rows.size() < max; i++) {
            if (column.isMissing(i)) {
                rows.add("row " + (i + 1));
            }
        }
        return rows;
    }

    private static void checkRowCount(long rows, RowCountRange range, ValidationOptions options,
                                      List<Anomaly> anomalies) {
        if (range != null && ((range.min() != null && rows < range.min())
                || (range.max() != null && rows > range.max()))) {
            anomalies.add(anomaly(AnomalyCode.ROW_COUNT_CHANGE, null, "The data has %d rows; the schema expects %s to %s"
                    .formatted(rows, range.min() == null ? "any" : range.min(), range.max() == null ? "any"
                            : range.max()), rows, List.of()));
        }
        Long previous = options.previousRowCount();
        if (previous != null && previous > 0) {
            double ratio = rows / (double) previous;
            if (ratio < options.minRowFraction() || ratio > options.maxRowFraction()) {
                anomalies.add(anomaly(AnomalyCode.ROW_COUNT_CHANGE, null,
                        "The data has %d rows against %d before (ratio %.3f outside [%s, %s])".formatted(rows,
                                previous, ratio, options.minRowFraction(), options.maxRowFraction()), rows, List.of()));
            }
        }
    }

    private static Anomaly anomaly(AnomalyCode code, String column, String description, long count,
                                   List<String> examples) {
        return new Anomaly(code, code.defaultSeverity(), column, description, count, examples);
    }
}
