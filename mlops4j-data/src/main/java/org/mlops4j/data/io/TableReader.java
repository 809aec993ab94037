package org.mlops4j.data.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.mlops4j.core.MlopsException;
import org.mlops4j.data.ColumnType;
import org.mlops4j.data.Table;

/**
 * Reads files into tables. {@link #read} loads a whole file; {@link #stream} hands it over in
 * chunks so that files larger than memory can be profiled. A file is always parsed completely
 * before anything is returned, or it fails with an {@link MlopsException} (INVALID_PARAMETER_VALUE)
 * whose message names the file, the line and the column. Stateless and thread-safe.
 */
public final class TableReader {
    private TableReader() {
    }

    public static Table read(Path path) {
        return read(path, ReadOptions.defaults());
    }

    /** Loads the whole file, inferring each column's type from all of its values. */
    public static Table read(Path path, ReadOptions options) {
        TableAssembler assembler = new TableAssembler(path.getFileName().toString(), options, 0, null);
        parse(path, options, assembler);
        return assembler.result();
    }

    /**
     * Column types over the whole file in one streaming pass (memory bounded by a chunk of rows).
     * Types given in {@link ReadOptions#columnTypes()} are kept.
     */
    public static Map<String, ColumnType> inferTypes(Path path, ReadOptions options) {
        TypeScanner scanner = new TypeScanner(options);
        parse(path, options, scanner);
        return scanner.result();
    }

    /**
     * Streams the file as tables of at most {@code chunkRows} rows, all with the same column types
     * (those of {@link ReadOptions#columnTypes()}, the others inferred first by
     * {@link #inferTypes}, which costs one more pass over the file).
     */
    public static void stream(Path path, ReadOptions options, int chunkRows, Consumer<Table> chunks) {
        if (chunkRows < 1) {
            throw MlopsException.invalidParameter("chunkRows must be positive, was %d", chunkRows);
        }
        Map<String, ColumnType> types = inferTypes(path, options);
        ReadOptions typed = options.withColumnTypes(types);
        TableAssembler assembler = new TableAssembler(path.getFileName().toString(), typed, chunkRows, chunks);
        // Every chunk gets every column, even one whose first value comes later in the file.
        assembler.columns(List.copyOf(types.keySet()));
        parse(path, typed, assembler);
        assembler.finish();
    }

    private static void parse(Path path, ReadOptions options, RowSink sink) {
        if (!Files.isRegularFile(path)) {
            throw MlopsException.notFound("%s: no such file", path);
        }
        DataFormat format = options.format() != null ? options.format() : DataFormat.ofPath(path);
        switch (format) {
            case CSV -> CsvSource.read(path, options, sink);
            case JSON -> JsonSource.read(path, options, sink);
            case PARQUET -> ParquetSource.read(path, sink);
        }
    }
}
