package org.mlops4j.data.registry;

/** A run used a dataset version, in a context such as {@code training} or {@code evaluation}. */
public record LineageRecord(String name, int version, String runId, String context, long createdAt) {
}
