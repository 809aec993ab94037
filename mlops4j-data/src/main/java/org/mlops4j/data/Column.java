package org.mlops4j.data;

/**
 * One column of a {@link Table}: a name, a type and {@link #size()} values, any of which may be
 * missing. Columns are immutable and thread-safe.
 */
public sealed interface Column permits NumericColumn, StringColumn, BooleanColumn, TimestampColumn {
    String name();

    ColumnType type();

    int size();

    boolean isMissing(int row);

    int missingCount();

    /** The value as text (numbers in their shortest form, timestamps in ISO-8601), or null when missing. */
    String text(int row);

    /** The same values under another name. */
    Column rename(String newName);
}
