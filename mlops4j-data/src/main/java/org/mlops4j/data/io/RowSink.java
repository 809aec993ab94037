package org.mlops4j.data.io;

import java.util.List;

/**
 * Receives what a source parses. A cell is null (missing), a {@link String} (raw text whose type is
 * to be inferred), a {@link Text} (a string that stays a string, as JSON and Parquet strings do), a
 * {@link Double}, a {@link Boolean} or a {@link Timestamp}.
 */
interface RowSink {
    /** Called once, before any row, when the source knows its column names; sources that learn columns as they go call it with what they know. */
    void columns(List<String> names);

    /** One row; {@code cells} may be shorter than the columns (the rest is missing) and is reused by the caller. */
    void row(Object[] cells, int count, long line);

    /** A string value that is never re-read as a number, boolean or timestamp. */
    record Text(String value) {
    }

    /** An instant given as such by the source (epoch milliseconds). */
    record Timestamp(long epochMillis) {
    }
}
