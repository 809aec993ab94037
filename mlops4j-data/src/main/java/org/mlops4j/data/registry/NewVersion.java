package org.mlops4j.data.registry;

/** What {@link DatasetStore#insertVersion} stores; the store assigns the version number. */
public record NewVersion(String name, String digest, String source, String sourceType, String format, long rowCount,
                         int columnCount, long sizeBytes, String profileJson, String schemaJson) {
}
