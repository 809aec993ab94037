package org.mlops4j.data.validation;

/**
 * The kinds of anomaly. The names are stable: scripts and alerts may match on them. Each has a
 * default severity; {@link #MISSING_COLUMN} is a WARNING when the column is optional.
 */
public enum AnomalyCode {
    /** Values that cannot be read as the column's schema type (a string in a numeric column). */
    TYPE_MISMATCH(Severity.ERROR),
    /** A column of the schema is absent from the data. */
    MISSING_COLUMN(Severity.ERROR),
    /** The data has a column the schema does not know. */
    NEW_COLUMN(Severity.WARNING),
    /** Categorical values outside the column's domain. */
    UNEXPECTED_CATEGORY(Severity.ERROR),
    /** Numeric values below the column's min or above its max. */
    OUT_OF_RANGE(Severity.ERROR),
    /** Missing values in a required column, or more than an optional column allows. */
    TOO_MANY_MISSING(Severity.ERROR),
    /** NaN or infinite values in a numeric column that does not allow them. */
    NAN_OR_INF(Severity.ERROR),
    /** A row count outside the schema's bounds, or too far from the previous dataset's. */
    ROW_COUNT_CHANGE(Severity.WARNING);

    private final Severity defaultSeverity;

    AnomalyCode(Severity defaultSeverity) {
        this.defaultSeverity = defaultSeverity;
    }

    public Severity defaultSeverity() {
        return defaultSeverity;
    }
}
