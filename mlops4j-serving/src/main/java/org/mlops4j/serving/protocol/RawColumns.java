package org.mlops4j.serving.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request's input as the protocol carried it, before typing: named columns of JSON scalars
 * (String, Double/Long, Boolean or null), all of one length. Every protocol decodes to this, so
 * validation and typing happen in one place ({@code InputBinder}). Immutable.
 *
 * <p>The values are kept row by row in one array, as the usual {@code dataframe_split} request
 * brings them: a map of a list per column cost the scoring path a map, twenty lists and their
 * growth for a one-row request, and a name lookup per column when bound.
 */
public final class RawColumns {
    private final List<String> names;
    private final Object[] cells; // row r, column c at r * names.size() + c
    private final int rowCount;

    private RawColumns(List<String> names, Object[] cells, int rowCount) {
        this.names = names;
        this.cells = cells;
        this.rowCount = rowCount;
    }

    /** Columns by name (in the map's order), each with {@code rowCount} values. */
    public static RawColumns of(Map<String, List<Object>> columns, int rowCount) {
        List<String> names = List.copyOf(columns.keySet());
        Object[] cells = new Object[names.size() * rowCount];
        int c = 0;
        for (Map.Entry<String, List<Object>> column : columns.entrySet()) {
            List<Object> values = column.getValue();
            if (values.size() != rowCount) {
                throw new IllegalArgumentException("column '%s' has %d values, not %d"
                        .formatted(column.getKey(), values.size(), rowCount));
            }
            for (int row = 0; row < rowCount; row++) {
                cells[row * names.size() + c] = values.get(row); // as index(), before the instance exists
            }
            c++;
        }
        return new RawColumns(names, cells, rowCount);
    }

    /**
     * Rows of values in the order of {@code names}, which must be distinct; {@code cells} holds at
     * least {@code rowCount * names.size()} of them and is taken, not copied. An immutable
     * {@code names} list is kept as it is, so that a decoder that hands out the same list for the
     * same columns lets the binder recognise them without comparing names.
     */
    static RawColumns ofRows(List<String> names, Object[] cells, int rowCount) {
        if (cells.length < names.size() * rowCount) {
            throw new IllegalArgumentException("%d cells for %d rows of %d columns"
                    .formatted(cells.length, rowCount, names.size()));
        }
        return new RawColumns(List.copyOf(names), cells, rowCount);
    }

    /** The column names, distinct, in the order the request gave them. */
    public List<String> names() {
        return names;
    }

    public int rowCount() {
        return rowCount;
    }

    /** The value of the column at {@code column} (an index into {@link #names()}) in {@code row}. */
    public Object value(int column, int row) {
        Objects.checkIndex(column, names.size());
        Objects.checkIndex(row, rowCount);
        return cells[index(row, column)];
    }

    /** The named column's values, or null when the input has no such column. */
    public List<Object> column(String name) {
        int c = names.indexOf(name);
        if (c < 0) {
            return null;
        }
        List<Object> values = new ArrayList<>(rowCount);
        for (int row = 0; row < rowCount; row++) {
            values.add(cells[index(row, c)]);
        }
        return Collections.unmodifiableList(values);
    }

    private int index(int row, int column) {
        return row * names.size() + column;
    }

    /** Equal when the names, in order, and every value are. */
    @Override
    public boolean equals(Object other) {
        return other instanceof RawColumns that && rowCount == that.rowCount && names.equals(that.names)
                && Arrays.equals(cells, 0, index(rowCount, 0), that.cells, 0, that.index(rowCount, 0));
    }

    @Override
    public int hashCode() {
        int hash = names.hashCode() * 31 + rowCount;
        for (int i = 0; i < index(rowCount, 0); i++) {
            hash = hash * 31 + Objects.hashCode(cells[i]);
        }
        return hash;
    }

    @Override
    public String toString() {
        return "RawColumns" + names + " x " + rowCount + " rows"; // not the values: features may be personal data
    }
}
