package org.mlops4j.data.io;

import java.nio.file.Path;
import java.util.Locale;

/** File formats the readers understand. */
public enum DataFormat {
    /** Delimited text: comma, semicolon, tab, pipe or whitespace separated. */
    CSV,
    /** A JSON array of records, JSON Lines, or a {@code {"fields": [...], "values": [[...]]}} payload. */
    JSON,
    /** Apache Parquet (flat schemas; uncompressed, Snappy or GZIP pages). */
    PARQUET;

    /** The format named by the file's extension; CSV for anything that is not .json/.jsonl/.ndjson/.parquet. */
    public static DataFormat ofPath(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return JSON;
        }
        if (name.endsWith(".parquet") || name.endsWith(".pq")) {
            return PARQUET;
        }
        return CSV;
    }
}
