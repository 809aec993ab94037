package org.mlops4j.data.drift;

/** A column that was not compared, and why. */
public record SkippedColumn(String column, String reason) {
}
