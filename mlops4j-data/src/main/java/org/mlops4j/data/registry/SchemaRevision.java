package org.mlops4j.data.registry;

import org.mlops4j.data.schema.Schema;

/** A revision of a dataset version's schema: 1 is the inferred one, later ones are edits. */
public record SchemaRevision(String name, int version, int revision, Schema schema, String note, long createdAt) {
}
