package org.mlops4j.train.feature;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.mlops4j.core.MlopsException;
import org.mlops4j.data.BooleanColumn;
import org.mlops4j.data.Column;
import org.mlops4j.data.NumericColumn;

/**
 * A numeric input: missing (and NaN or infinite) values become {@code impute} (or stay missing when
 * it is NaN), then {@code (x - center) / scale}.
 */
record NumericTransform(String input, double impute, double center, double scale) implements ColumnTransform {

    @Override
    public String inputKind() {
        return "numeric";
    }

    @Override
    public int width() {
        return 1;
    }

    @Override
    public List<String> outputNames() {
        return List.of(input);
    }

    float apply(double raw) {
        double v = Double.isFinite(raw) ? raw : impute;
        return (float) ((v - center) / scale);
    }

    @Override
    public void transformColumn(Column column, float[] out, int stride, int offset) {
        int rows = column.size();
        if (column instanceof NumericColumn numeric) {
            double[] values = numeric.rawValues();
            boolean checkMissing = !numeric.hasNoMissing();
            if (!checkMissing && Double.isNaN(impute) && center == 0 && scale == 1) {
                // Identity (tree models): only non-finite values change, to missing.
                for (int r = 0; r < rows; r++) {
                    double v = values[r];
                    out[r * stride + offset] = Double.isFinite(v) ? (float) v : Float.NaN;
                }
                return;
            }
            for (int r = 0; r < rows; r++) {
                out[r * stride + offset] = apply(checkMissing && numeric.isMissing(r) ? Double.NaN : values[r]);
            }
        } else if (column instanceof BooleanColumn bool) {
            for (int r = 0; r < rows; r++) {
                out[r * stride + offset] = apply(bool.isMissing(r) ? Double.NaN : bool.value(r) ? 1 : 0);
            }
        } else {
            for (int r = 0; r < rows; r++) {
                out[r * stride + offset] = apply(parse(column.text(r), r));
            }
        }
    }

    @Override
    public void transformValue(Object value, float[] out, int offset) {
        double raw;
        if (value == null) {
            raw = Double.NaN;
        } else if (value instanceof Number n) {
            raw = n.doubleValue();
        } else if (value instanceof Boolean b) {
            raw = b ? 1 : 0;
        } else {
            raw = parse(value.toString(), -1);
        }
        out[offset] = apply(raw);
    }

    private double parse(String text, int row) {
        if (text == null || text.isBlank()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
            throw row < 0 ? MlopsException.invalidParameter("Column '%s' is numeric, but got '%s'", input, shown)
                    : MlopsException.invalidParameter("Column '%s' is numeric, but row %d holds '%s'", input, row + 1,
                    shown);
        }
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("name", input);
        node.put("kind", "numeric");
        if (Double.isNaN(impute)) {
            node.putNull("impute");
        } else {
            node.put("impute", impute);
        }
        node.put("center", center);
        node.put("scale", scale);
        return node;
    }
}
