package org.mlops4j.data.io;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.mlops4j.data.ColumnType;

/**
 * How to read a file. Every field has a "detect" default.
 *
 * @param format         null to choose from the file extension
 * @param delimiter      CSV field separator; null to detect among {@code , ; \t |} and runs of
 *                       whitespace; {@link #WHITESPACE} for whitespace-separated files
 * @param header         CSV only: true/false, or null to detect (the first row is a header when its
 *                       cells are non-empty, distinct and none of them is a number)
 * @param missingMarkers cell texts (after trimming) read as missing; the empty cell always is
 * @param charset        text encoding; malformed input is an error, never replaced
 * @param columnTypes    types to read named columns as, instead of inferring them
 * @param maxCategories  a string column with more distinct values than this is TEXT, not CATEGORICAL
 */
public record ReadOptions(DataFormat format, Character delimiter, Boolean header, Set<String> missingMarkers,
                          Charset charset, Map<String, ColumnType> columnTypes, int maxCategories) {
    /** Pass as {@link #delimiter()} for files whose fields are separated by runs of spaces or tabs. */
    public static final char WHITESPACE = ' ';
    public static final Set<String> DEFAULT_MISSING_MARKERS = Set.of("", "?", "NA", "N/A", "null", "NULL");

    public ReadOptions {
        missingMarkers = Set.copyOf(missingMarkers);
        columnTypes = Map.copyOf(columnTypes);
        if (maxCategories < 1) {
            throw new IllegalArgumentException("maxCategories must be positive");
        }
    }

    public static ReadOptions defaults() {
        return new ReadOptions(null, null, null, DEFAULT_MISSING_MARKERS, StandardCharsets.UTF_8, Map.of(), 1000);
    }

    public ReadOptions withFormat(DataFormat value) {
        return new ReadOptions(value, delimiter, header, missingMarkers, charset, columnTypes, maxCategories);
    }

    public ReadOptions withDelimiter(Character value) {
        return new ReadOptions(format, value, header, missingMarkers, charset, columnTypes, maxCategories);
    }

    public ReadOptions withHeader(Boolean value) {
        return new ReadOptions(format, delimiter, value, missingMarkers, charset, columnTypes, maxCategories);
    }

    public ReadOptions withMissingMarkers(Set<String> value) {
        return new ReadOptions(format, delimiter, header, value, charset, columnTypes, maxCategories);
    }

    public ReadOptions withCharset(Charset value) {
        return new ReadOptions(format, delimiter, header, missingMarkers, value, columnTypes, maxCategories);
    }

    public ReadOptions withColumnTypes(Map<String, ColumnType> value) {
        return new ReadOptions(format, delimiter, header, missingMarkers, charset, value, maxCategories);
    }

    public ReadOptions withMaxCategories(int value) {
        return new ReadOptions(format, delimiter, header, missingMarkers, charset, columnTypes, value);
    }

    boolean isMissing(String trimmed) {
        return trimmed.isEmpty() || missingMarkers.contains(trimmed);
    }
}
