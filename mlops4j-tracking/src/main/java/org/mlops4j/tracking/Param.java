package org.mlops4j.tracking;

/** A run parameter. Immutable once logged: logging the same key again must give the same value. */
public record Param(String key, String value) {
}
