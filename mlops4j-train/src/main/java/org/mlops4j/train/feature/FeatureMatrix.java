package org.mlops4j.train.feature;

/**
 * Dense features, row-major, as 32-bit floats (what XGBoost consumes); NaN marks a missing value.
 * The array is shared, not copied: treat it as read-only.
 */
public record FeatureMatrix(float[] values, int rows, int columns) {
    public FeatureMatrix {
        if ((long) rows * columns != values.length) {
            throw new IllegalArgumentException(rows + " x " + columns + " does not match " + values.length + " values");
        }
    }

    public float get(int row, int column) {
        return values[row * columns + column];
    }

    /** The given rows, in the given order, as a new matrix. */
    public FeatureMatrix rows(int[] indices) {
        float[] out = new float[indices.length * columns];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(values, indices[i] * columns, out, i * columns, columns);
        }
        return new FeatureMatrix(out, indices.length, columns);
    }
}
