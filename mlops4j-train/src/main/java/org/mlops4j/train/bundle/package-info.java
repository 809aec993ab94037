/**
 * The model bundle: a directory of plain data files (descriptor {@code bundle.json} with format
 * version, signature and lineage; {@code pipeline.json}; the model in XGBoost's JSON format or as
 * coefficients; {@code input_example.json}). All JSON the platform writes is canonical (sorted
 * keys, fixed layout), so the same inputs give the same bytes and the same
 * {@link org.mlops4j.train.bundle.ModelBundle#digest() digest}. Reading verifies every file's
 * SHA-256 and never executes anything from the bundle.
 */
package org.mlops4j.train.bundle;
