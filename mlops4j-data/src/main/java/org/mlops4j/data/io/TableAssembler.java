package org.mlops4j.data.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.mlops4j.data.Column;
import org.mlops4j.data.ColumnType;
import org.mlops4j.data.Table;

/**
 * A {@link RowSink} that builds tables: one at the end, or one per {@code chunkRows} rows handed to
 * a consumer (streaming). Types come from {@link ReadOptions#columnTypes()} where given, else are
 * inferred. Not thread-safe.
 */
final class TableAssembler implements RowSink {
    private final String file;
    private final ReadOptions options;
    private final int chunkRows;
    private final Consumer<Table> consumer;
    private final List<String> names = new ArrayList<>();
    private List<ColumnBuilder> builders = new ArrayList<>();
    private long[] lines = new long[1024];
    private int rows;
    private Table last;
    private int emitted;

    TableAssembler(String file, ReadOptions options, int chunkRows, Consumer<Table> consumer) {
        this.file = file;
        this.options = options;
        this.chunkRows = chunkRows;
        this.consumer = consumer;
    }

    @Override
    public void columns(List<String> newNames) {
        for (int i = names.size(); i < newNames.size(); i++) {
            names.add(uniqueName(names, newNames.get(i), i));
            ColumnBuilder builder = new ColumnBuilder();
            builder.padTo(rows);
            builders.add(builder);
        }
    }

    /** A blank name becomes {@code column_<n>}; a repeated one gets {@code _2}, {@code _3}... appended. */
    static String uniqueName(List<String> taken, String name, int index) {
        String base = name == null || name.isBlank() ? "column_" + (index + 1) : name;
        String unique = base;
        for (int k = 2; taken.contains(unique); k++) {
            unique = base + "_" + k;
        }
        return unique;
    }

    @Override
    public void row(Object[] cells, int count, long line) {
        if (count > names.size()) {
            List<String> more = new ArrayList<>(names);
            while (more.size() < count) {
                more.add(null);
            }
            columns(more);
        }
        for (int c = 0; c < builders.size(); c++) {
            builders.get(c).add(c < count ? cells[c] : null);
        }
        if (rows == lines.length) {
            lines = Arrays.copyOf(lines, rows * 2);
        }
        lines[rows++] = line;
        if (chunkRows > 0 && rows >= chunkRows) {
            emit();
        }
    }

    /** Emits the rows gathered so far as a table (to the consumer when streaming). */
    private void emit() {
        List<Column> columns = new ArrayList<>(builders.size());
        for (int c = 0; c < builders.size(); c++) {
            ColumnBuilder builder = builders.get(c);
            String name = names.get(c);
            ColumnType type = options.columnTypes().get(name);
            if (type == null) {
                type = builder.inferType(options.maxCategories());
            }
            int column = c + 1;
            columns.add(builder.build(name, type, (row, text, t) -> {
                throw ReadErrors.at(file, lines[row], column, "cannot read '%s' in column '%s' as %s", text, name, t);
            }));
        }
        Table table = Table.of(columns);
        if (consumer != null) {
            consumer.accept(table);
        }
        last = table;
        emitted++;
        builders = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            builders.add(new ColumnBuilder());
        }
        rows = 0;
    }

    /** Emits what is left: the last chunk, or the whole table when not streaming. */
    void finish() {
        if (rows > 0 || emitted == 0) {
            emit();
        }
    }

    Table result() {
        finish();
        return last;
    }
}
