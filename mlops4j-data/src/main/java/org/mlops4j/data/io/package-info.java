/**
 * Readers from files into a {@link org.mlops4j.data.Table}: CSV (delimiter given or detected,
 * quoted fields, BOM, CRLF, whitespace-separated files, missing-value markers), JSON records,
 * JSON Lines, the scoring-payload shape {@code {"fields": [...], "values": [[...]]}}, and Parquet.
 * Entry point: {@link org.mlops4j.data.io.TableReader}. Corrupt input raises
 * {@link org.mlops4j.core.MlopsException} (INVALID_PARAMETER_VALUE) naming the file, line and column.
 */
package org.mlops4j.data.io;
