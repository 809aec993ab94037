package org.mlops4j.data.io;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mlops4j.data.ColumnType;

/**
 * Infers column types over a whole file in bounded memory: rows are gathered in chunks, each
 * chunk's types are inferred as for a table, and the chunk types are joined (numbers and strings
 * make strings, categorical and text make text). Distinct values are tracked only up to
 * {@link ReadOptions#maxCategories()}. Not thread-safe.
 */
final class TypeScanner implements RowSink {
    private static final int CHUNK = 65_536;
    private final ReadOptions options;
    private final List<String> names = new ArrayList<>();
    private List<ColumnBuilder> builders = new ArrayList<>();
    private final List<ColumnType> types = new ArrayList<>();
    private final List<Set<String>> distinct = new ArrayList<>();
    private int rows;

    TypeScanner(ReadOptions options) {
        this.options = options;
    }

    @Override
    public void columns(List<String> newNames) {
        for (int i = names.size(); i < newNames.size(); i++) {
            names.add(TableAssembler.uniqueName(names, newNames.get(i), i));
            ColumnBuilder builder = new ColumnBuilder();
            builder.padTo(rows);
            builders.add(builder);
            types.add(null);
            distinct.add(new HashSet<>());
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
        if (++rows == CHUNK) {
            fold();
        }
    }

    private void fold() {
        for (int c = 0; c < builders.size(); c++) {
            ColumnBuilder builder = builders.get(c);
            Set<String> seen = distinct.get(c);
            for (int i = 0; i < builder.size() && seen.size() <= options.maxCategories(); i++) {
                String text = builder.text(i);
                if (text != null) {
                    seen.add(text);
                }
            }
            if (builder.presentCount() > 0) {
                types.set(c, join(types.get(c), builder.inferType(options.maxCategories())));
            }
        }
        builders = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            builders.add(new ColumnBuilder());
        }
        rows = 0;
    }

    static ColumnType join(ColumnType a, ColumnType b) {
        if (a == null || a == b) {
            return b;
        }
        if (a == ColumnType.TEXT || b == ColumnType.TEXT) {
            return ColumnType.TEXT;
        }
        return ColumnType.CATEGORICAL;
    }

    /** Column name to type, in file order. */
    Map<String, ColumnType> result() {
        fold();
        Map<String, ColumnType> result = new LinkedHashMap<>();
        for (int c = 0; c < names.size(); c++) {
            ColumnType type = options.columnTypes().get(names.get(c));
            if (type == null) {
                type = types.get(c) == null ? ColumnType.CATEGORICAL : types.get(c);
                if (type == ColumnType.CATEGORICAL && distinct.get(c).size() > options.maxCategories()) {
                    type = ColumnType.TEXT;
                }
            }
            result.put(names.get(c), type);
        }
        return result;
    }
}
