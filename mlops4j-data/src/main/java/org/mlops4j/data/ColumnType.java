package org.mlops4j.data;

/** The logical type of a column; decides which statistics, checks and drift tests apply. */
public enum ColumnType {
    /** Real numbers (integers included), stored as doubles; NaN and infinities are values, not missing. */
    NUMERIC,
    /** Strings from a small set of values. */
    CATEGORICAL,
    /** true / false. */
    BOOLEAN,
    /** Free text: strings with too many distinct values to be categories. */
    TEXT,
    /** Instants, stored as epoch milliseconds (UTC). */
    TIMESTAMP;

    /** True for the types whose values are strings compared for equality (categorical, text, boolean). */
    public boolean isDiscrete() {
        return this == CATEGORICAL || this == BOOLEAN || this == TEXT;
    }
}
