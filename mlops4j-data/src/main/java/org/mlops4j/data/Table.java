package org.mlops4j.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlops4j.core.MlopsException;

/**
 * An immutable columnar table: named, typed columns of equal length. Column names are unique and
 * keep their order. Thread-safe.
 */
public final class Table {
    private final List<Column> columns;
    private final Map<String, Column> byName;
    private final int rowCount;

    private Table(List<Column> columns, int rowCount) {
        this.columns = List.copyOf(columns);
        this.rowCount = rowCount;
        this.byName = HashMap.newHashMap(this.columns.size());
        for (Column column : this.columns) {
            if (column.size() != rowCount) {
                throw new IllegalArgumentException("column " + column.name() + " has " + column.size()
                        + " rows, the table " + rowCount);
            }
            if (byName.put(column.name(), column) != null) {
                throw MlopsException.invalidParameter("Duplicate column name '%s'", column.name());
            }
        }
    }

    public static Table of(List<? extends Column> columns) {
        return new Table(new ArrayList<>(columns), columns.isEmpty() ? 0 : columns.get(0).size());
    }

    public static Table of(Column... columns) {
        return of(List.of(columns));
    }

    /** A table with columns but no rows is possible; one with rows but no columns is not representable. */
    public static Table empty() {
        return new Table(List.of(), 0);
    }

    public int rowCount() {
        return rowCount;
    }

    public int columnCount() {
        return columns.size();
    }

    public List<Column> columns() {
        return columns;
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    public Optional<Column> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The named column; INVALID_PARAMETER_VALUE when there is none. */
    public Column column(String name) {
        Column column = byName.get(name);
        if (column == null) {
            throw MlopsException.invalidParameter("No column '%s' (columns: %s)", name, columnNames());
        }
        return column;
    }

    /** A table without the named columns (names not present are ignored). */
    public Table without(String... names) {
        List<String> drop = List.of(names);
        return of(columns.stream().filter(c -> !drop.contains(c.name())).toList());
    }

    /** A table with {@code column} appended, or replacing the column of the same name in place. */
    public Table with(Column column) {
        List<Column> next = new ArrayList<>(columns);
        int at = columnNames().indexOf(column.name());
        if (at >= 0) {
            next.set(at, column);
        } else {
            next.add(column);
        }
        return new Table(next, columns.isEmpty() ? column.size() : rowCount);
    }

    @Override
    public String toString() {
        return "Table[" + rowCount + " rows x " + columns.size() + " columns " + columnNames() + "]";
    }
}
