package org.mlops4j.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.mlops4j.core.MlopsException;
import org.mlops4j.data.Column;
import org.mlops4j.data.ColumnType;
import org.mlops4j.data.NumericColumn;
import org.mlops4j.data.StringColumn;
import org.mlops4j.data.Table;
import org.mlops4j.train.algo.Algorithm;

/**
 * The label column and how it is encoded: class indices into {@link #classes()} for classification
 * (binary: index 1 is the positive class), the value for regression.
 */
public record Labels(Task task, String column, List<String> classes) {
    public Labels {
        classes = List.copyOf(classes);
    }

    /**
     * Decides the task and the classes from the training table.
     *
     * @param requested     the configured task, or null to infer it: a numeric label means regression
     *                      (classification when the algorithm only classifies), anything else
     *                      binary or multiclass by the number of classes
     * @param positiveClass binary only: the class of interest, or null for the second class in order
     * @throws MlopsException INVALID_PARAMETER_VALUE when the label column is absent or has missing
     *                        values, when a classifier sees a single class, and when the task does not
     *                        fit the label
     */
    public static Labels infer(Table train, String label, Task requested, Algorithm algorithm, String positiveClass) {
        Column column = train.find(label).orElseThrow(() -> MlopsException.invalidParameter(
                "Label column '%s' is not in the training data (columns: %s)", label, train.columnNames()));
        checkPresent(column, "training data");
        boolean numeric = column.type() == ColumnType.NUMERIC;
        Task task = requested;
        if (task == null) {
            task = numeric && algorithm != Algorithm.LOGISTIC_REGRESSION ? Task.REGRESSION : null;
        }
        if (task == Task.REGRESSION) {
            if (!numeric) {
                throw MlopsException.invalidParameter("Task regression needs a numeric label, but column '%s' is %s",
                        label, column.type().name().toLowerCase(java.util.Locale.ROOT));
            }
            NumericColumn values = (NumericColumn) column;
            for (int r = 0; r < values.size(); r++) {
                if (!Double.isFinite(values.value(r))) {
                    throw MlopsException.invalidParameter("Label column '%s' has the non-finite value %s at row %d",
                            label, values.value(r), r + 1);
                }
            }
            return new Labels(Task.REGRESSION, label, List.of());
        }
        TreeSet<String> distinct = new TreeSet<>(numeric ? NUMERIC_ORDER : Comparator.naturalOrder());
        if (column instanceof StringColumn strings) {
            boolean[] used = new boolean[strings.dictionary().size()];
            for (int code : strings.rawCodes()) {
                used[code] = true;
            }
            for (int code = 0; code < used.length; code++) {
                if (used[code]) {
                    distinct.add(strings.dictionary().get(code));
                }
            }
        } else {
            for (int r = 0; r < column.size(); r++) {
                distinct.add(column.text(r));
            }
        }
        List<String> classes = new ArrayList<>(distinct);
        if (classes.size() < 2) {
            throw MlopsException.invalidParameter("Label column '%s' has a single class (%s) in the training data: a "
                    + "classifier needs at least two", label, classes.isEmpty() ? "none" : "'" + classes.get(0) + "'");
        }
        if (task == null) {
            task = classes.size() == 2 ? Task.BINARY : Task.MULTICLASS;
        }
        if (task == Task.BINARY) {
            if (classes.size() != 2) {
                throw MlopsException.invalidParameter("Task binary needs two classes, label column '%s' has %d: %s",
                        label, classes.size(), abbreviate(classes));
            }
            if (positiveClass != null) {
                if (!classes.contains(positiveClass)) {
                    throw MlopsException.invalidParameter("Positive class '%s' is not a value of label column '%s' (%s)",
                            positiveClass, label, classes);
                }
                if (classes.get(0).equals(positiveClass)) {
                    classes = List.of(classes.get(1), classes.get(0));
                }
            }
        } else if (positiveClass != null) {
            throw MlopsException.invalidParameter("positive_class applies to binary tasks only (this is %s)",
                    task.wireName());
        }
        return new Labels(task, label, classes);
    }

    private static final Comparator<String> NUMERIC_ORDER = Comparator.comparingDouble(Double::parseDouble);

    /** Class index per row (classification); INVALID_PARAMETER_VALUE for a missing or unseen label. */
    public int[] classIndices(Table table, String what) {
        Column column = require(table, what);
        checkPresent(column, what);
        int[] out = new int[column.size()];
        java.util.Map<String, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            index.put(classes.get(i), i);
        }
        if (column instanceof StringColumn strings) {
            // One lookup per dictionary entry, then array indexing per row.
            int[] byCode = new int[strings.dictionary().size()];
            for (int code = 0; code < byCode.length; code++) {
                Integer k = index.get(strings.dictionary().get(code));
                byCode[code] = k == null ? -1 : k;
            }
            int[] codes = strings.rawCodes();
            for (int r = 0; r < out.length; r++) {
                out[r] = byCode[codes[r]];
                if (out[r] < 0) {
                    throw MlopsException.invalidParameter("Label '%s' at row %d of the %s was not seen in training "
                            + "(classes: %s)", column.text(r), r + 1, what, abbreviate(classes));
                }
            }
            return out;
        }
        for (int r = 0; r < out.length; r++) {
            Integer k = index.get(column.text(r));
            if (k == null) {
                throw MlopsException.invalidParameter("Label '%s' at row %d of the %s was not seen in training (classes: %s)",
                        column.text(r), r + 1, what, abbreviate(classes));
            }
            out[r] = k;
        }
        return out;
    }

    /** The label values (regression). */
    public double[] values(Table table, String what) {
        Column column = require(table, what);
        checkPresent(column, what);
        if (!(column instanceof NumericColumn numeric)) {
            throw MlopsException.invalidParameter("Label column '%s' of the %s is not numeric", this.column, what);
        }
        double[] out = numeric.rawValues().clone();
        for (int r = 0; r < out.length; r++) {
            if (!Double.isFinite(out[r])) {
                throw MlopsException.invalidParameter("Label column '%s' has the non-finite value %s at row %d of the %s",
                        this.column, out[r], r + 1, what);
            }
        }
        return out;
    }

    /** Labels as XGBoost takes them: class index or value, as floats. */
    public float[] encode(Table table, String what) {
        float[] out = new float[table.rowCount()];
        if (task.isClassification()) {
            int[] idx = classIndices(table, what);
            for (int i = 0; i < out.length; i++) {
                out[i] = idx[i];
            }
        } else {
            double[] v = values(table, what);
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) v[i];
            }
        }
        return out;
    }

    private Column require(Table table, String what) {
        return table.find(column).orElseThrow(() -> MlopsException.invalidParameter(
                "Label column '%s' is not in the %s (columns: %s)", column, what, table.columnNames()));
    }

    private static void checkPresent(Column column, String what) {
        if (column.missingCount() > 0) {
            int first = 0;
            while (!column.isMissing(first)) {
                first++;
            }
            throw MlopsException.invalidParameter("Label column '%s' has %d missing value(s) in the %s (first at row %d)",
                    column.name(), column.missingCount(), what, first + 1);
        }
    }

    private static String abbreviate(List<String> classes) {
        return classes.size() > 10 ? classes.subList(0, 10) + "..." : classes.toString();
    }
}
