package org.mlops4j.data.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
        Set<String> seen = new HashSet<>(names);
        for (int i = names.size(); i < newNames.size(); i++) {
            String name = newNames.get(i);
            if (name == null || name.isBlank()) {
                name = "column_" + (i + 1);
            }
            String unique = name;
            for (int k = 2; seen.contains(unique); k++) {
                unique = name + "_" + k;
            }
            seen.add(unique);
            names.add(unique);
            ColumnBuilder builder = new ColumnBuilder();
            builder.padTo(rows);
            builders.add(builder);
        }
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
            flush();
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

    private void flush() {
        emit();
    }

    /** Emits what is left: the last chunk, or the whole table when not streaming. */
    void finish() {
        if (rows > 0 || emitted == 0) {
            emit();
        }
    }

    /** The builders of the rows not flushed yet (for type inference across chunks). */
    List<ColumnBuilder> pending() {
        return builders;
    }

    List<String> names() {
        return names;
    }

    int pendingRows() {
        return rows;
    }

    Table result() {
        finish();
        return last;
    }
}
