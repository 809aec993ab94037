package org.mlops4j.tracking;

/**
 * A dataset as recorded on a run (MLflow's Dataset message): identified by name and content digest.
 * {@code schema} and {@code profile} are JSON text, stored as given.
 */
public record LoggedDataset(String name, String digest, String sourceType, String source, String schema,
                            String profile) {
}
