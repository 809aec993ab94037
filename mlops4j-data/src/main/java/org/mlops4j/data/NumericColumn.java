package org.mlops4j.data;

import java.util.BitSet;

/** A numeric column: doubles plus a missing bitmap. A missing row's stored double is meaningless. */
public final class NumericColumn implements Column {
    private final String name;
    private final double[] values;
    private final BitSet missing;
    private final int missingCount;
    private volatile double[] sortedFinite;

    /**
     * @param values  taken as is (not copied): the caller hands the array over
     * @param missing rows without a value; null when none is missing
     */
    public NumericColumn(String name, double[] values, BitSet missing) {
        Missing.checkName(name);
        this.name = name;
        this.values = values;
        this.missing = Missing.normalise(missing, values.length);
        this.missingCount = this.missing == null ? 0 : this.missing.cardinality();
    }

    public static NumericColumn of(String name, double... values) {
        return new NumericColumn(name, values.clone(), null);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ColumnType type() {
        return ColumnType.NUMERIC;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public boolean isMissing(int row) {
        return missing != null && missing.get(row);
    }

    @Override
    public int missingCount() {
        return missingCount;
    }

    public double value(int row) {
        return values[row];
    }

    /** The backing array, for fast loops; do not modify. Check {@link #isMissing(int)} per row. */
    public double[] rawValues() {
        return values;
    }

    /** True when no row is missing, so {@link #rawValues()} can be read without checks. */
    public boolean hasNoMissing() {
        return missing == null;
    }

    /**
     * The column's finite values (missing, NaN and infinite ones left out) in ascending order,
     * computed once and kept: statistics and drift tests both need them. Do not modify the array.
     */
    public double[] sortedFiniteValues() {
        double[] sorted = sortedFinite;
        if (sorted == null) {
            double[] kept = new double[values.length];
            int k = 0;
            for (int i = 0; i < values.length; i++) {
                double v = values[i];
                if (Double.isFinite(v) && (missing == null || !missing.get(i))) {
                    kept[k++] = v;
                }
            }
            DoubleSort.sort(kept, k);
            sorted = k == kept.length ? kept : java.util.Arrays.copyOf(kept, k);
            sortedFinite = sorted;
        }
        return sorted;
    }

    @Override
    public String text(int row) {
        return isMissing(row) ? null : format(values[row]);
    }

    /** Integers without a fraction ("3" not "3.0"); other values in Java's shortest round-trip form. */
    public static String format(double v) {
        if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    @Override
    public NumericColumn rename(String newName) {
        return new NumericColumn(newName, values, missing);
    }
}
