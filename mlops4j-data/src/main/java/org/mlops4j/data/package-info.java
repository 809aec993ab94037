/**
 * The columnar table every data step works on: {@link org.mlops4j.data.Table} holds typed
 * {@link org.mlops4j.data.Column}s ({@link org.mlops4j.data.ColumnType}: numeric, categorical,
 * boolean, text, timestamp), each with explicit missing values.
 *
 * <p>Sub-packages: {@code io} (readers), {@code registry} (dataset versions and lineage),
 * {@code stats}, {@code schema}, {@code validation} (anomalies), {@code drift} (skew and drift
 * tests) and {@code report} (JSON and HTML renderings).
 */
package org.mlops4j.data;
