/**
 * Dataset schemas: column types, required or optional columns, numeric ranges, categorical
 * domains; inferred from statistics ({@link org.mlops4j.data.schema.SchemaInference}), saved as
 * JSON, edited by people, and versioned with the dataset in the registry.
 */
package org.mlops4j.data.schema;
