package org.mlops4j.data.registry;

/**
 * One version of a named dataset.
 *
 * @param digest     SHA-256 of the file's bytes, lower-case hex
 * @param source     where the content came from (a path or URI)
 * @param sourceType {@code local}, or {@code artifact} when a copy is kept in the artifact store
 * @param format     {@code csv}, {@code json} or {@code parquet}
 */
public record DatasetVersion(String name, int version, String digest, String source, String sourceType, String format,
                             long rowCount, int columnCount, long sizeBytes, long createdAt) {
}
