package org.mlops4j.data.drift;

import org.mlops4j.data.ColumnType;

/**
 * A statistical test comparing a column's reference and current values. Implementations are
 * immutable and thread-safe.
 */
public interface DriftTest {
    /** The name used in options and reports, e.g. {@code ks}, {@code jensenshannon}. */
    String name();

    String displayName();

    ScoreKind scoreKind();

    double defaultThreshold();

    /** Whether the test can be asked for on a column of this type. */
    boolean supports(ColumnType type);

    /** The score (p-value or distance); NaN when the samples are too small for the test. */
    double score(ColumnSample reference, ColumnSample current);
}
