package org.mlops4j.data;

import java.util.BitSet;

/** A boolean column: a bitmap of true values plus a missing bitmap. */
public final class BooleanColumn implements Column {
    private final String name;
    private final int size;
    private final BitSet trues;
    private final BitSet missing;
    private final int missingCount;

    public BooleanColumn(String name, int size, BitSet trues, BitSet missing) {
        Missing.checkName(name);
        this.name = name;
        this.size = size;
        this.trues = (BitSet) trues.clone();
        this.missing = Missing.normalise(missing, size);
        this.missingCount = this.missing == null ? 0 : this.missing.cardinality();
        if (this.trues.length() > size) {
            throw new IllegalArgumentException("true bitmap marks rows beyond the column's " + size + " rows");
        }
    }

    /** Builds a column from values (null = missing). */
    public static BooleanColumn of(String name, Boolean... values) {
        BitSet trues = new BitSet();
        BitSet missing = new BitSet();
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                missing.set(i);
            } else if (values[i]) {
                trues.set(i);
            }
        }
        return new BooleanColumn(name, values.length, trues, missing);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ColumnType type() {
        return ColumnType.BOOLEAN;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isMissing(int row) {
        return missing != null && missing.get(row);
    }

    @Override
    public int missingCount() {
        return missingCount;
    }

    /** The row's value; meaningless when the row is missing. */
    public boolean value(int row) {
        return trues.get(row);
    }

    @Override
    public String text(int row) {
        return isMissing(row) ? null : Boolean.toString(trues.get(row));
    }

    @Override
    public BooleanColumn rename(String newName) {
        return new BooleanColumn(newName, size, trues, missing);
    }
}
